import { createRoute, z } from '@hono/zod-openapi'
import { database } from '../db/client'
import { loadScoreSeries } from '../db/score-history'
import { siteModelFor } from '../db/site-model'
import { api, errors, keyAuth } from './openapi'
import { ProblemError } from '../http/problem'

const Params = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'ld_3kq9…' }) })

const Point = z.object({ at: z.string(), score: z.number(), engagementScore: z.number(), fitScore: z.number() })
const Marker = z.object({
  at: z.string(),
  score: z.number().openapi({ description: 'the score right after the visit' }),
  delta: z.number().openapi({ description: 'how much the visit moved the score' }),
  events: z.array(z.object({ type: z.string(), path: z.string().optional(), name: z.string().optional() })),
  rules: z.array(z.string()).openapi({ description: 'rules that scored in that visit, biggest first' }),
})
const ScoreHistorySchema = z
  .object({
    leadId: z.string(),
    thresholds: z.object({ mql: z.number(), sql: z.number() }),
    points: z.array(Point).openapi({ description: 'the score just before and just after each visit, decay in between, and now' }),
    markers: z.array(Marker).openapi({ description: 'the visits that moved the score by a point or more' }),
  })
  .openapi('ScoreHistory')

const route = createRoute({
  method: 'get',
  path: '/api/v1/leads/{id}/score-history',
  summary: "The lead's score over time, and the events that moved it",
  description:
    "Recomputed by the scoring engine from the lead's stored events under the current model: after each visit the score the engine gives at that moment, decaying in between, up to now. Fit uses the lead's current profile. Long histories are stepped in runs of visits.",
  ...keyAuth('leads.read'),
  request: { params: Params },
  responses: { 200: { description: 'the series', content: { 'application/json': { schema: ScoreHistorySchema } } }, ...errors(401, 404, 429) },
})

const iso = (ms: number) => new Date(ms).toISOString()

/**
 * `GET /api/v1/leads/{id}/score-history`: the data the app's chart draws, for API users.
 * @example
 * app.route('/', scoreHistoryRoutes)
 */
export const scoreHistoryRoutes = api()

scoreHistoryRoutes.openapi(route, async (c) => {
  const { id } = c.req.valid('param')
  const db = database(c.env.DB)
  const siteId = c.get('siteId')
  const s = await loadScoreSeries(db, siteId, id, await siteModelFor(db, siteId), Date.now())
  if (!s) throw new ProblemError(404, `no lead ${id} on this site`, { type: 'not-found' })
  return c.json(
    {
      leadId: id,
      thresholds: s.thresholds,
      points: s.points.map((p) => ({ ...p, at: iso(p.at) })),
      markers: s.markers.map((m) => ({ ...m, at: iso(m.at) })),
    },
    200,
  )
})
