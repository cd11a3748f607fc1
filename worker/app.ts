import { api } from './http/openapi'
import { onError, problem } from './http/problem'
import { healthRoutes } from './routes/health'
import { ingestRoutes } from './routes/ingest'
import { accountsRoutes } from './routes/accounts'
import { mountDocs } from './routes/docs'
import { keysRoutes } from './routes/keys'
import { leadDetailRoutes } from './routes/lead-detail'
import { leadsRoutes } from './routes/leads'
import { siteRoutes } from './routes/site'
import { sitesRoutes } from './routes/sites'

/**
 * The HTTP surface: one small sub-app per concern, mounted in the order data flows.
 * @example
 * export default { fetch: app.fetch } satisfies ExportedHandler<Env>
 */
export const app = api()

app.route('/', healthRoutes)
app.route('/', ingestRoutes)
app.route('/', sitesRoutes)
app.route('/', leadsRoutes)
app.route('/', leadDetailRoutes)
app.route('/', keysRoutes)
app.route('/', siteRoutes)
app.route('/', accountsRoutes)

app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' })
mountDocs(app)

app.notFound((c) => problem(404, `no route for ${c.req.method} ${c.req.path}`, { type: 'not-found' }))
app.onError(onError)
