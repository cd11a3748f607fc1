import { createRoute, z } from '@hono/zod-openapi'
import { database } from '../db/client'
import { eraseLead } from '../db/erase'
import { LeadDetailSchema, loadLeadDetail } from '../db/lead-detail'
import { applySalesPatch } from '../db/lead-update'
import { siteModelFor } from '../db/site-model'
import { runJobs } from '../jobs/runner'
import { api, errors, keyAuth } from './openapi'
import { actorOf } from './auth'
import { ProblemError } from '../http/problem'
import { SALES_STAGES } from '../../schema/lead-values'

const Params = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'ld_3kq9…' }) })

const DetailQuery = z.object({
  timelineLimit: z.coerce.number().int().min(1).max(500).default(100),
  timelineBefore: z.string().max(200).optional().openapi({ description: 'timelineCursor of a previous answer: older events' }),
})

const SalesPatchSchema = z
  .strictObject({
    stage: z.enum(SALES_STAGES).optional().openapi({ description: '`recycled` (from sql, accepted or disqualified) sends the lead back to nurture: it can qualify again later as a new SQL with its own alert' }),
    reason: z.string().trim().min(1).max(500).optional().openapi({ description: 'why: kept on the stage transition', example: 'no budget' }),
    outcome: z.enum(['won', 'lost']).optional(),
  })
  .refine((p) => p.stage !== undefined || p.outcome !== undefined, 'give stage, outcome or both')
  .refine((p) => p.reason === undefined || p.stage !== undefined, 'a reason goes with a stage')
  .openapi('LeadPatch')

const detail = { description: 'the lead in full', content: { 'application/json': { schema: LeadDetailSchema } } }

const get = createRoute({
  method: 'get',
  path: '/api/v1/leads/{id}',
  summary: 'One lead: scores, every reason, timeline and alerts',
  ...keyAuth('leads.read'),
  request: { params: Params, query: DetailQuery },
  responses: { 200: detail, ...errors(400, 401, 403, 404, 429) },
})

const patch = createRoute({
  method: 'patch',
  path: '/api/v1/leads/{id}',
  summary: 'Record what sales decided: stage accepted/disqualified/recycled (with a reason), outcome won/lost',
  ...keyAuth('leads.update'),
  request: { params: Params, body: { content: { 'application/json': { schema: SalesPatchSchema } }, required: true } },
  responses: { 200: detail, ...errors(400, 401, 403, 404, 409, 415, 429) },
  description: 'The change is recorded on the lead\'s transitions with the API key as its actor ("key:<name>"). Recycling a lead in any other stage is 409.',
})

const erase = createRoute({
  method: 'delete',
  path: '/api/v1/leads/{id}',
  summary: 'Erase every row about this person (GDPR)',
  description:
    'At once, in one atomic batch: the lead, the devices only it used, its stage transitions and alerts, and the person in other leads\' alerts; a browser another person also identified on keeps that person\'s events. Its events go in the same batch, or, when there are more than one step\'s worth, by a background job in bounded steps within minutes (nothing the API serves reads them meanwhile). Admin keys only. To erase by email or visitor id, see POST /api/v1/erasures.',
  ...keyAuth('leads.erase'),
  request: { params: Params },
  responses: { 204: { description: 'erased' }, ...errors(401, 403, 404, 429) },
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
  const result = await applySalesPatch(db, siteId, id, c.req.valid('json'), now, { actor: `key:${c.get('apiKeyName')}` })
  if (result.kind === 'missing') throw notFound(id)
  const found = await loadLeadDetail(db, siteId, id, await siteModelFor(db, siteId), now, { limit: 100 })
  if (!found) throw notFound(id) // erased between the write and the read
  return c.json(found, 200)
})

leadDetailRoutes.openapi(erase, async (c) => {
  const { id } = c.req.valid('param')
  const erased = await eraseLead(database(c.env.DB), c.get('siteId'), id, actorOf(c), Date.now())
  if (!erased) throw notFound(id)
  // the person's events go in bounded steps, after the answer (and by the cron)
  if (erased.jobId) c.executionCtx.waitUntil(runJobs(c.env, { jobId: erased.jobId }).catch((err) => console.error('erase job', err)))
  return c.body(null, 204)
})
