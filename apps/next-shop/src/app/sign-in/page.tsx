import { demoUsers } from '../../lib/users'
import { signIn, signUp } from '../actions'

export default function SignInPage() {
  return (
    <>
      <h1>Sign in</h1>
      <p>Demo accounts, no password needed.</p>
      {demoUsers.map((user) => (
        <form key={user.id} action={signIn}>
          <input type="hidden" name="userId" value={user.id} />
          <button type="submit" data-testid={`sign-in-${user.id}`}>
            Continue as {user.name}
          </button>
        </form>
      ))}
      <h2>New here?</h2>
      <form action={signUp}>
        <label>
          Name <input name="name" required maxLength={32} />
        </label>{' '}
        <button type="submit">Sign up</button>
      </form>
    </>
  )
}
