/** The sign-in form: an API key in a password field (keys are secrets). */

export function SignInPage({ error, next }: { error?: string; next?: string }) {
  return (
    <div class="card">
      <h1>Sign in</h1>
      <p class="muted">Paste an API key of your site. The key stays on this server: the browser keeps only a signed session cookie.</p>
      {error ? (
        <p class="error" role="alert" id="sign-in-error">
          {error}
        </p>
      ) : null}
      <form method="post" action="/app/sign-in">
        <label for="key">API key</label>
        <input
          id="key"
          name="key"
          type="password"
          autocomplete="current-password"
          required
          size={40}
          aria-describedby={error ? 'sign-in-error' : undefined}
          aria-invalid={error ? 'true' : undefined}
        />
        <input type="hidden" name="next" value={next ?? ''} />{' '}
        <button type="submit">Sign in</button>
      </form>
    </div>
  )
}

/** The plain page for a refused request (a bad lead link, a scope that does not allow the action). */
export function ForbiddenPage({ message, heading = 'Forbidden' }: { message: string; heading?: string }) {
  return (
    <div class="card">
      <h1>{heading}</h1>
      <p>{message}</p>
    </div>
  )
}
