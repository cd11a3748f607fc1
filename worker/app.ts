import { demoRoutes } from './demo'
import { emailLinkDocs, slackRoutes } from './handoff'
import { api } from './routes/openapi'
import { onError, problem } from './http/problem'
import { accountsRoutes } from './routes/accounts'
import { auditRoutes } from './routes/audit'
import { privacyRoutes } from './routes/privacy'
import { calibrateRoutes } from './routes/calibrate'
import { d1Session } from './routes/d1-session'
import { mountDocs } from './routes/docs'
import { funnelRoutes } from './routes/funnel'
import { healthRoutes } from './routes/health'
import { jobsRoutes } from './routes/jobs'
import { keysRoutes } from './routes/keys'
import { leadDetailRoutes } from './routes/lead-detail'
import { leadsRoutes } from './routes/leads'
import { operatorRoutes } from './routes/operator'
import { outcomesRoutes } from './routes/outcomes'
import { scoreHistoryRoutes } from './routes/score-history'
import { scoringRoutes } from './routes/scoring'
import { siteRoutes } from './routes/site'
import { sitesRoutes } from './routes/sites'
import { snippetRoutes } from './routes/snippet'
import { web } from './web'

/**
 * The HTTP surface: one small sub-app per concern, mounted in the order data flows —
 * browser (snippet; ingest is served before the router, worker/index.ts), operator (sites), marketer (site, keys, leads, accounts, scoring, outcomes).
 * @example
 * export default { fetch: app.fetch } satisfies ExportedHandler<Env>
 */
export const app = api()

// before every API route: their D1 reads and writes run in one D1 session (read replicas)
app.use('/api/v1/*', d1Session)
app.route('/', healthRoutes)
app.route('/', snippetRoutes)
app.route('/', demoRoutes)
app.route('/', sitesRoutes)
app.route('/', operatorRoutes)
app.route('/', siteRoutes)
app.route('/', keysRoutes)
app.route('/', leadsRoutes)
app.route('/', privacyRoutes)
app.route('/', leadDetailRoutes)
app.route('/', scoreHistoryRoutes)
app.route('/', accountsRoutes)
app.route('/', scoringRoutes)
app.route('/', calibrateRoutes)
app.route('/', outcomesRoutes)
app.route('/', auditRoutes)
app.route('/', jobsRoutes)
app.route('/app', web)
app.route('/', funnelRoutes)
app.route('/', slackRoutes)
app.route('/', emailLinkDocs)

app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' })
mountDocs(app)

app.notFound((c) => problem(404, `no route for ${c.req.method} ${c.req.path}`, { type: 'not-found' }))
app.onError(onError)
