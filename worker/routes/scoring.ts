import { createRoute, z } from '@hono/zod-openapi'
import { database } from '../db/client'
import { saveModel } from '../db/models'
import { jobView } from '../db/jobs'
import { countLeads } from '../db/rescore'
import { siteModelVersion } from '../db/site-model'
import { startPreview, startRescore } from '../jobs/runner'
import { JobSchema } from './jobs'
import { api, errors, keyAuth } from './openapi'
import { actorOf } from './auth'
import { describeIssues, ProblemError } from '../http/problem'
import { ModelSchema } from '../scoring'
import { iso } from '../scoring/time'

const ModelDoc = z.record(z.string(), z.unknown()).openapi('ScoringModel', {
  description: 'the scoring model (see docs/scoring.md); validated strictly on PUT',
})
const ModelView = z
  .object({ version: z.number().int(), isDefault: z.boolean(), createdAt: z.string().nullable(), model: ModelDoc })
  .openapi('ScoringModelVersion')
const Change = z.object({ id: z.string(), email: z.string(), from: z.string(), to: z.string() })

const getScoring = createRoute({
  method: 'get',
  path: '/api/v1/scoring',
  summary: "The site's scoring model in force",
  ...keyAuth('scoring.read'),
  responses: { 200: { description: 'the model', content: { 'application/json': { schema: ModelView } } }, ...errors(401, 403) },
})

const putScoring = createRoute({
  method: 'put',
  path: '/api/v1/scoring',
  summary: 'Replace the scoring model (a new version; every lead is rescored from its history)',
  description:
    '`?dryRun=true` answers how many leads would change stage, and which, without saving. Otherwise the model is stored as a new version and every lead is rescored by a background job (a newer model change supersedes it). When the work fits one step (a small site) the answer is `200` with what changed; otherwise `202 { job }` at once, whose progress `GET /api/v1/jobs/{id}` reads. Stage changes from a rescore are recorded but never alert.',
  ...keyAuth('scoring.update'),
  request: {
    query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
    body: { content: { 'application/json': { schema: ModelDoc } }, required: true },
  },
  responses: {
    200: {
      description: 'dry run, or the saved version with what the rescore changed',
      content: {
        'application/json': {
          schema: z.object({
            dryRun: z.boolean(),
            version: z.number().int().nullable(),
            rescored: z.number().int(),
            pending: z.boolean(),
            stageChanges: z.number().int(),
            leads: z.array(Change),
            job: JobSchema,
          }),
        },
      },
    },
    202: {
      description: 'more than one step of work: the job that does it (and the saved version, unless a dry run)',
      content: { 'application/json': { schema: z.object({ dryRun: z.boolean(), version: z.number().int().nullable(), job: JobSchema }) } },
    },
    ...errors(400, 401, 403, 409),
  },
})

/**
 * Marketer routes over the scoring model: read it, replace it (versioned, with rescoring), dry-run a change.
 * @example
 * app.route('/', scoringRoutes)
 */
export const scoringRoutes = api()

scoringRoutes.openapi(getScoring, async (c) => {
  const { version, createdAt, model } = await siteModelVersion(database(c.env.DB), c.get('siteId'))
  return c.json({ version, isDefault: version === 0, createdAt: iso(createdAt), model }, 200)
})

scoringRoutes.openapi(putScoring, async (c) => {
  const parsed = ModelSchema.safeParse(c.req.valid('json'))
  if (!parsed.success) {
    const detail = describeIssues(parsed.error, '(model)')
    throw new ProblemError(400, detail, { type: 'invalid-model' })
  }
  const model = parsed.data
  const db = database(c.env.DB)
  const siteId = c.get('siteId')
  const now = Date.now()
  if (c.req.valid('query').dryRun === 'true') {
    const job = await startPreview(c.env, c.executionCtx, siteId, model, await countLeads(c.env.DB, siteId))
    if (job.status !== 'done') return c.json({ dryRun: true, version: null, job: jobView(job) }, 202)
    const r = job.result as { scanned: number; stageChanges: number; leads: z.infer<typeof Change>[] }
    return c.json({ dryRun: true, version: null, rescored: r.scanned, pending: false, stageChanges: r.stageChanges, leads: r.leads, job: jobView(job) }, 200)
  }
  const version = await saveModel(db, siteId, model, now, { who: actorOf(c) })
  const job = await startRescore(c.env, c.executionCtx, siteId, version, 'rescore')
  if (job.status !== 'done') return c.json({ dryRun: false, version, job: jobView(job) }, 202)
  const r = job.result as { rescored: number; stageChanges: number; leads: z.infer<typeof Change>[] }
  return c.json({ dryRun: false, version, rescored: r.rescored, pending: false, stageChanges: r.stageChanges, leads: r.leads, job: jobView(job) }, 200)
})
