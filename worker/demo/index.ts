import { Hono } from 'hono'
import { type AppEnv, isLocal } from '../env'
import { APP, CONTACT, HOME, PRICING, THANKS, WHITEPAPER_PDF } from './pages'

/**
 * `/demo`: a tiny site carrying the tag (pricing, a PDF, a single-page-app step, a form) and a panel
 * showing the visitor's lead through the API. Served only when the Worker runs locally
 * (`ENVIRONMENT=local`); elsewhere it is a 404, since it embeds the local demo API key.
 * @example
 * app.route('/', demoRoutes)
 */
export const demoRoutes = new Hono<AppEnv>()

demoRoutes.use('/demo/*', async (c, next) => (isLocal(c.env) ? next() : c.notFound()))
demoRoutes.use('/demo', async (c, next) => (isLocal(c.env) ? next() : c.notFound()))
demoRoutes.get('/demo', (c) => c.html(HOME))
demoRoutes.get('/demo/pricing', (c) => c.html(PRICING))
demoRoutes.get('/demo/contact', (c) => c.html(CONTACT))
// the form posts here; its body (password included) is deliberately ignored
demoRoutes.post('/demo/thanks', (c) => c.html(THANKS))
demoRoutes.get('/demo/app', (c) => c.html(APP))
demoRoutes.get('/demo/app/*', (c) => c.html(APP))
demoRoutes.get('/demo/whitepaper.pdf', (c) =>
  c.body(WHITEPAPER_PDF, 200, { 'Content-Type': 'application/pdf', 'Cache-Control': 'no-store' }),
)
