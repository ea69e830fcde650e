import type { SessionState } from '../../../../shared/access'
import type { ContractClient } from '../../../../shared/contract'
import { SignInForm } from './SignInForm'

/** What a browser shows before anyone has signed in on it: nothing of the plant, only the form. */
export function SignInScreen({ client, onSignedIn, expired }: { client: ContractClient; onSignedIn(state: SessionState): void; expired?: boolean }) {
  return (
    <main className="sign-in-screen">
      <section className="panel sign-in-panel" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title" className="app-title">
          Plantwatch
        </h1>
        <p className="muted">{expired ? 'Your session ended. Sign in again to see the plant.' : 'Sign in to see the plant.'}</p>
        <SignInForm client={client} onSignedIn={onSignedIn} />
      </section>
    </main>
  )
}
