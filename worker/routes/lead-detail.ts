import { createRoute, z } from '@hono/zod-openapi'
import { database } from '../db/client'
import { eraseLead } from '../db/erase'
import { LeadDetailSchema, loadLeadDetail } from '../db/lead-detail'
import { applySalesPatch } from '../db/lead-update'
import { siteModelFor } from '../db/site-model'
import { runJobs } from '../jobs/runner'
import { api, errors, marketerAuth } from './openapi'
import { ProblemError } from '../http/problem'

const Params = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'ld_3kq9…' }) })

const DetailQuery = z.object({
  timelineLimit: z.coerce.number().int().min(1).max(500).default(100),
  timelineBefore: z.string().max(200).optional().openapi({ description: 'timelineCursor of a previous answer: older events' }),
})

const SalesPatchSchema = z
  .strictObject({ stage: z.enum(['accepted', 'disqualified']).optional(), outcome: z.enum(['won', 'lost']).optional() })
  .refine((p) => p.stage !== undefined || p.outcome !== undefined, 'give stage, outcome or both')
  .openapi('LeadPatch')

const detail = { description: 'the lead in full', content: { 'application/json': { schema: LeadDetailSchema } } }

const get = createRoute({
  method: 'get',
  path: '/api/v1/leads/{id}',
  summary: 'One lead: scores, every reason, timeline and alerts',
  ...marketerAuth,
  request: { params: Params, query: DetailQuery },
  responses: { 200: detail, ...errors(400, 401, 404, 429) },
})

const patch = createRoute({
  method: 'patch',
  path: '/api/v1/leads/{id}',
  summary: 'Record what sales decided: stage accepted/disqualified, outcome won/lost',
  ...marketerAuth,
  request: { params: Params, body: { content: { 'application/json': { schema: SalesPatchSchema } }, required: true } },
  responses: { 200: detail, ...errors(400, 401, 404, 409, 415, 429) },
})

const erase = createRoute({
  method: 'delete',
  path: '/api/v1/leads/{id}',
  summary: 'Erase every row about this person (GDPR)',
  description:
    'At once, in one atomic batch: the lead, its visitors, stage transitions and alerts, and the person in other leads\' alerts. Their events (by lead and by device) are deleted by a background job in bounded steps, within minutes; nothing the API serves reads them meanwhile.',
  ...marketerAuth,
  request: { params: Params },
  responses: { 204: { description: 'erased' }, ...errors(401, 404, 429) },
})

const notFound = (id: string) => new ProblemError(404, `no lead ${id} on this site`, { type: 'not-found' })

/**
 * Marketer routes over one lead.
 * @example
 * app.route('/', leadDetailRoutes)
 */
export const leadDetailRoutes = api()

leadDetailRoutes.openapi(get, async (c) => {
  const { id } = c.req.valid('param')
  const q = c.req.valid('query')
  const db = database(c.env.DB)
  const siteId = c.get('siteId')
  const found = await loadLeadDetail(db, siteId, id, await siteModelFor(db, siteId), Date.now(), { limit: q.timelineLimit, before: q.timelineBefore })
  if (!found) throw notFound(id)
  return c.json(found, 200)
})

leadDetailRoutes.openapi(patch, async (c) => {
  const { id } = c.req.valid('param')
  const db = database(c.env.DB)
  const siteId = c.get('siteId')
  const now = Date.now()
  if (!(await applySalesPatch(db, siteId, id, c.req.valid('json'), now))) throw notFound(id)
  const found = await loadLeadDetail(db, siteId, id, await siteModelFor(db, siteId), now, { limit: 100 })
  if (!found) throw notFound(id) // erased between the write and the read
  return c.json(found, 200)
})

leadDetailRoutes.openapi(erase, async (c) => {
  const { id } = c.req.valid('param')
  const erased = await eraseLead(database(c.env.DB), c.get('siteId'), id, Date.now())
  if (!erased) throw notFound(id)
  // the person's events go in bounded steps, after the answer (and by the cron)
  c.executionCtx.waitUntil(runJobs(c.env, { jobId: erased.jobId }).catch((err) => console.error('erase job', err)))
  return c.body(null, 204)
})
