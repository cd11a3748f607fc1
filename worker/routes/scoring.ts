import { createRoute, z } from '@hono/zod-openapi'
import { database } from '../db/client'
import { saveModel } from '../db/models'
import { previewModel, rescoreSite } from '../db/rescore'
import { siteModelVersion } from '../db/site-model'
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
    '`?dryRun=true` answers how many leads would change stage, and which, without saving. Otherwise the model is stored as a new version and leads are rescored in chunks (the cron finishes large sites). Stage changes from a rescore are recorded but never alert.',
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
          }),
        },
      },
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
    const p = await previewModel(db, siteId, model, now)
    return c.json({ dryRun: true, version: null, rescored: p.scanned, pending: false, stageChanges: p.changed, leads: p.leads }, 200)
  }
  const version = await saveModel(db, siteId, model, now, { who: actorOf(c) })
  const r = await rescoreSite(db, { id: siteId, modelVersion: version }, model, now)
  return c.json({ dryRun: false, version, rescored: r.rescored, pending: r.pending, stageChanges: r.changes.length, leads: r.changes.slice(0, 200) }, 200)
})
