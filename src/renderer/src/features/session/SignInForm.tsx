import { useId, useState, type FormEvent } from 'react'
import type { SessionState } from '../../../../shared/access'
import type { ContractClient } from '../../../../shared/contract'

interface SignInFormProps {
  client: ContractClient
  onSignedIn(state: SessionState): void
  /** Focus the user name field when shown (a dialog or the sign-in screen). */
  autoFocus?: boolean
}

/** User name, password, "Sign in". The host's message (wrong password, throttled, disabled) is shown as is. */
export function SignInForm({ client, onSignedIn, autoFocus = true }: SignInFormProps) {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const id = useId()

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    if (busy) return
    if (!username || !password) {
      setError('Enter your user name and password.')
      return
    }
    setBusy(true)
    const result = await client.invoke('session:signIn', { username, password })
    setBusy(false)
    setPassword('')
    if (result.ok) {
      setError(null)
      onSignedIn(result.data)
    } else {
      setError(result.error.message)
    }
  }

  return (
    <form className="sign-in-form" onSubmit={(event) => void submit(event)} noValidate aria-describedby={error ? `${id}-error` : undefined}>
      <label htmlFor={`${id}-user`}>User name</label>
      <input
        id={`${id}-user`}
        type="text"
        autoComplete="username"
        autoCapitalize="off"
        spellCheck={false}
        autoFocus={autoFocus}
        value={username}
        onChange={(event) => setUsername(event.target.value)}
      />
      <label htmlFor={`${id}-password`}>Password</label>
      <input
        id={`${id}-password`}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
      />
      {error ? (
        <p id={`${id}-error`} role="alert" className="inline-error">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={busy}>
        Sign in
      </button>
    </form>
  )
}
