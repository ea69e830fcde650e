import { useRef } from 'react'
import type { SessionState } from '../../../../shared/access'
import type { ContractClient } from '../../../../shared/contract'
import { Dialog } from '../../lib/Dialog'
import { SignInForm } from './SignInForm'

interface UserBarProps {
  client: ContractClient
  session: SessionState
  onSession(state: SessionState): void
}

/**
 * Who is signed in, "Switch user" (locks, keeps the plant on screen) and "Sign out"; on a
 * locked console, "Sign in" opens the form in a dialog over the live screen.
 */
export function UserBar({ client, session, onSession }: UserBarProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const run = (channel: 'session:lock' | 'session:signOut', thenSignIn = false) => async (): Promise<void> => {
    const result = await client.invoke(channel, undefined)
    if (!result.ok) return
    onSession(result.data)
    if (thenSignIn && result.data.canView) dialog.current?.showModal()
  }
  return (
    <div className="user-bar">
      {session.user ? (
        <>
          <span className="user-name">
            Signed in: <strong>{session.user.name}</strong> <span className="muted">({session.user.role})</span>
          </span>
          <button type="button" onClick={() => void run('session:lock', true)()}>
            Switch user
          </button>
          <button type="button" onClick={() => void run('session:signOut')()}>
            Sign out
          </button>
        </>
      ) : (
        <>
          <span className="user-name muted">Locked: viewing only</span>
          <button type="button" onClick={() => dialog.current?.showModal()}>
            Sign in
          </button>
        </>
      )}
      {session.secretsUnencrypted ? (
        <span className="user-warning" title="The OPC UA password in settings.json is stored without encryption on this host (file mode 0600).">
          Stored secrets not encrypted
        </span>
      ) : null}
      <Dialog ref={dialog} title="Sign in">
        <SignInForm
          client={client}
          onSignedIn={(state) => {
            onSession(state)
            dialog.current?.close()
          }}
        />
      </Dialog>
    </div>
  )
}
