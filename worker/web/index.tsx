/**
 * The web app under /app: server-rendered pages (Hono JSX) for the people who use Leadbeacon. Every
 * page works without JavaScript; the one small script adds live refresh and copy buttons.
 * Security: a signed session cookie naming an API key (session.ts), CSRF checks on every POST (Hono's
 * `csrf`: same Origin or `Sec-Fetch-Site: same-origin`), a strict CSP, and one permission check (can.ts).
 */
import { Hono } from 'hono'
import { csrf } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'
import { ProblemError } from '../http/problem'
import { Forbidden } from './guard'
import { layout } from './layout'
import { securityHeaders } from './security-headers'
import { ForbiddenPage } from './pages/sign-in'
import { accountsPages } from './routes/accounts'
import { authPages } from './routes/auth'
import { handoffPages } from './routes/handoff'
import { confirmEmailPages } from './routes/confirm-email'
import { funnelPages } from './routes/funnel'
import { leadPages } from './routes/lead'
import { leadsPages } from './routes/leads'
import { scoringPages } from './routes/scoring'
import { settingsPages } from './routes/settings'
import type { WebEnv } from './types'

/**
 * The app, mounted by the Worker with `app.route('/app', web)`.
 * @example
 * app.route('/app', web)
 */
export const web = new Hono<WebEnv>()

// The stylesheet and script are static files the platform serves before the Worker runs (./assets.ts);
// a request for them that reaches the Worker anyway gets the same file from the assets binding.
web.get('/assets/*', (c) => (c.env.ASSETS ? c.env.ASSETS.fetch(c.req.raw) : c.notFound()))

web.use('*', securityHeaders)
web.use('*', csrf())
web.use('*', async (c, next) => {
  await next()
  // pages hold a site's leads: never stored by shared caches, not kept by the browser beyond the session
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'private, no-store')
})
web.use('*', layout)

web.get('/', (c) => c.redirect('/app/leads', 303))
web.route('/', authPages)
web.route('/', leadsPages)
web.route('/', leadPages)
web.route('/', accountsPages)
web.route('/', funnelPages)
web.route('/', scoringPages)
web.route('/', settingsPages)
web.route('/', handoffPages)
web.route('/', confirmEmailPages)

// Last: every /app page is mounted on `web` above this line (a route mounted on the Worker under /app
// after `web` would never be reached). A sub-app's notFound is never called once mounted (the Worker's
// own notFound answers JSON), so the app's 404 page is a catch-all route instead.
web.all('*', (c) => {
  c.status(404)
  return c.render(<ForbiddenPage heading="Not found" message="There is no such page." />, { title: 'Not found' })
})

web.onError((err, c) => {
  if (err instanceof Forbidden) {
    c.status(403)
    return c.render(<ForbiddenPage message={err.message} />, { title: 'Forbidden' })
  }
  if (err instanceof HTTPException && err.status === 403) {
    // the csrf middleware: a form posted from another origin
    c.status(403)
    return c.render(<ForbiddenPage message="This form was not sent from this app, so nothing was changed." />, { title: 'Forbidden' })
  }
  const status = err instanceof ProblemError ? err.status : err instanceof HTTPException ? err.status : 500
  if (status >= 500) console.error('app page failed', c.req.method, c.req.path, err)
  c.status(status as 400)
  const message = status >= 500 ? 'Something went wrong on our side; it has been logged.' : err.message
  return c.render(<ForbiddenPage heading="Something is wrong" message={message} />, { title: 'Error' })
})
