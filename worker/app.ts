import { api } from './http/openapi'
import { onError, problem } from './http/problem'
import { healthRoutes } from './routes/health'
import { ingestRoutes } from './routes/ingest'
import { leadsRoutes } from './routes/leads'
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

app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' })

app.notFound((c) => problem(404, `no route for ${c.req.method} ${c.req.path}`, { type: 'not-found' }))
app.onError(onError)
