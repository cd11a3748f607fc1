import { createRoute, z } from '@hono/zod-openapi'
import { database } from '../db/client'
import { eraseByEmail, eraseVisitor } from '../db/erase'
import { exportLead } from '../db/lead-export'
import { ProblemError } from '../http/problem'
import { normaliseEmail } from '../ingest/validate'
import { runJobs } from '../jobs/runner'
import { actorOf } from './auth'
import { api, errors, keyAuth } from './openapi'

const ErasureSchema = z
  .union([
    z.strictObject({ email: z.string().min(3).max(254) }),
    z.strictObject({ visitorId: z.string().min(1).max(128).openapi({ description: "the snippet's visitor id (the browser's first-party id)" }) }),
  ])
  .openapi('Erasure')

const erasures = createRoute({
  method: 'post',
  path: '/api/v1/erasures',
  summary: 'Erase a person by email, or a browser by visitor id (GDPR)',
  description:
    '`{ "email" }` erases the lead with that address exactly as DELETE /api/v1/leads/{id} does, and removes the address from any other stored alert. `{ "visitorId" }` erases that browser and its anonymous events; events a lead identified on it stay that lead\'s, and the linked lead (if any) is named in `linkedLeadId` so it can be erased too. Answers what was erased; erasing something not stored is not an error.',
  ...keyAuth('leads.erase'),
  request: { body: { content: { 'application/json': { schema: ErasureSchema } }, required: true } },
  responses: {
    200: {
      description: 'erased',
      content: { 'application/json': { schema: z.object({ erased: z.object({ leads: z.number().int(), visitors: z.number().int() }), linkedLeadId: z.string().nullable().optional() }) } },
    },
    ...errors(400, 401, 403, 415, 429),
  },
})

const exportRoute = createRoute({
  method: 'get',
  path: '/api/v1/leads/{id}/export',
  summary: 'Everything stored about one person (access request), as JSON',
  description: "The lead's profile, its timeline (every event, oldest first), stage transitions, alerts with their stored payloads, and its devices. Admin keys only.",
  ...keyAuth('leads.export'),
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: { 200: { description: 'the export', content: { 'application/json': { schema: z.record(z.string(), z.unknown()).openapi('LeadExport') } } }, ...errors(401, 403, 404, 429) },
})

/**
 * Privacy routes: erasure by email or visitor id, and a person's data export.
 * @example
 * app.route('/', privacyRoutes)
 */
export const privacyRoutes = api()

privacyRoutes.openapi(erasures, async (c) => {
  const body = c.req.valid('json')
  const db = database(c.env.DB)
  const now = Date.now()
  if ('email' in body) {
    const email = normaliseEmail(body.email)
    if (!email) throw new ProblemError(400, 'email is not an email address', { type: 'invalid-request' })
    const { jobId, ...erased } = await eraseByEmail(db, c.get('siteId'), email, actorOf(c), now)
    // more than one step of events: they go in bounded steps after the answer (and by the cron)
    if (jobId) c.executionCtx.waitUntil(runJobs(c.env, { jobId }).catch((err) => console.error('erase job', err)))
    return c.json({ erased }, 200)
  }
  const r = await eraseVisitor(db, c.get('siteId'), body.visitorId, actorOf(c), now)
  return c.json({ erased: { leads: 0, visitors: r.visitors }, linkedLeadId: r.linkedLeadId }, 200)
})

privacyRoutes.openapi(exportRoute, async (c) => {
  const { id } = c.req.valid('param')
  const data = await exportLead(database(c.env.DB), c.get('siteId'), id, Date.now())
  if (!data) throw new ProblemError(404, `no lead ${id} on this site`, { type: 'not-found' })
  return c.json(data, 200)
})
