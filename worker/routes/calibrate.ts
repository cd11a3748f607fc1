import { createRoute, z } from '@hono/zod-openapi'
import { calibrate, TooFewOutcomesError } from '../calibration/calibrate'
import { database } from '../db/client'
import { saveModel } from '../db/models'
import { jobView } from '../db/jobs'
import { countLabelled, readSamples } from '../db/samples'
import { siteModelFor } from '../db/site-model'
import { CALIBRATE_PAGE, type CalibrateState } from '../jobs/calibrate'
import { startJob, startRescore } from '../jobs/runner'
import { JobSchema } from './jobs'
import { api, errors, keyAuth } from './openapi'
import { actorOf } from './auth'
import { ProblemError } from '../http/problem'

const calibrateRoute = createRoute({
  method: 'post',
  path: '/api/v1/scoring/calibrate',
  summary: 'Fit the scoring model to recorded outcomes',
  description:
    'Fits a regularised logistic regression on the features the engine sees, holding out 30%, and proposes a model whose SQL threshold means `targetProbability` of winning. Reports hold-out ROC AUC of the current and proposed models, conversion and lift by score band, and the rules whose points changed most. `?apply=true` stores the proposal as a new model version and rescores. Learns from every labelled lead: outcomes (imported, or recorded by sales) and sales disqualifications whose reason means the lead will not buy (spam, not a fit, no need); `report.labels` says how many came from each source (`{ imported, sales }`). Needs at least 50 won and 50 lost. Over 200 labelled leads: `202 { job }`, a `calibrate` job whose `result` is this answer (docs/api.md).',
  ...keyAuth('scoring.calibrate'),
  request: {
    query: z.object({
      apply: z.enum(['true', 'false']).optional(),
      targetProbability: z.coerce.number().min(0.05).max(0.95).optional(),
    }),
  },
  responses: {
    200: {
      description: 'the report and the proposed model',
      content: {
        'application/json': {
          schema: z.object({
            applied: z.boolean(),
            version: z.number().int().nullable(),
            report: z.record(z.string(), z.unknown()),
            proposed: z.record(z.string(), z.unknown()),
            job: JobSchema.optional().openapi({ description: 'with `apply=true`: the rescore job (see `GET /api/v1/jobs/{id}`)' }),
          }),
        },
      },
    },
    202: { description: 'a calibration job (see `GET /api/v1/jobs/{id}`)', content: { 'application/json': { schema: z.object({ job: JobSchema }) } } },
    ...errors(401, 403, 422),
  },
})

/**
 * `POST /api/v1/scoring/calibrate`: learn the points from outcomes.
 * @example
 * app.route('/', calibrateRoutes)
 */
export const calibrateRoutes = api()

calibrateRoutes.openapi(calibrateRoute, async (c) => {
  const q = c.req.valid('query')
  const db = database(c.env.DB)
  const siteId = c.get('siteId')
  const now = Date.now()
  // more than one step's page: the job gathers the samples page by page, then fits
  const total = await countLabelled(c.env.DB, siteId)
  if (total > CALIBRATE_PAGE) {
    const state: CalibrateState = { phase: 'gather', after: '', staged: 0, apply: q.apply === 'true', targetProbability: q.targetProbability, who: actorOf(c) }
    const job = await startJob(c.env, c.executionCtx, { siteId, kind: 'calibrate', total, state: state as unknown as Record<string, unknown> })
    return c.json({ job: jobView(job) }, 202)
  }
  const [model, samples] = await Promise.all([siteModelFor(db, siteId), readSamples(db, siteId)])
  let out: ReturnType<typeof calibrate>
  try {
    out = calibrate({ samples, model, now, targetProbability: q.targetProbability })
  } catch (err) {
    if (err instanceof TooFewOutcomesError) {
      throw new ProblemError(422, err.message, {
        type: 'too-few-outcomes',
        won: err.won,
        lost: err.lost,
        needWon: err.needWon,
        needLost: err.needLost,
      })
    }
    throw err
  }
  let version: number | null = null
  let job: ReturnType<typeof jobView> | undefined
  if (q.apply === 'true') {
    version = await saveModel(db, siteId, out.proposed, now, { note: `calibrated on ${out.report.n} outcomes`, who: actorOf(c), calibration: { outcomes: out.report.n } })
    job = jobView(await startRescore(c.env, c.executionCtx, siteId, version, 'rescore'))
  }
  const body = { applied: version !== null, version, report: out.report as unknown as Record<string, unknown>, proposed: out.proposed as unknown as Record<string, unknown>, job }
  return c.json(body, 200)
})
