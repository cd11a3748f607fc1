import { createRoute, z } from '@hono/zod-openapi'
import { database } from '../db/client'
import { SCORE_BANDS, siteFunnel } from '../db/funnel'
import { DAY_MS } from '../scoring/time'
import { ProblemError } from '../http/problem'
import { api, errors, keyAuth } from './openapi'

const count = z.number().int()
const rate = z.number().nullable()

const FunnelSchema = z
  .object({
    since: z.string(),
    until: z.string(),
    reached: z
      .object({ known: count, mql: count, sql: count, accepted: count, disqualified: count, recycled: count, won: count, lost: count })
      .openapi({ description: 'leads of the window that ever reached each stage (mql and sql by their mqlAt/sqlAt; accepted, disqualified, recycled by a transition; won/lost by the outcome)' }),
    conversion: z
      .object({ knownToMql: rate, mqlToSql: rate, sqlToAccepted: rate, acceptedToWon: rate })
      .openapi({ description: 'each step over the one before it (acceptedToWon: accepted leads that were won), 4 decimals; null when the step before is empty' }),
    medianHoursToAccept: z.number().nullable().openapi({ description: 'from the SQL alert (the SQL transition when it had none) to the first acceptance, hours (2 decimals)' }),
    slaBreaches: count.openapi({ description: 'leads that waited past salesSlaHours (got the SLA reminder)' }),
    disqualificationReasons: z.array(z.object({ reason: z.string(), count })).openapi({ description: 'most frequent first' }),
    winRateByScoreBand: z
      .array(z.object({ band: z.string(), withOutcome: count, won: count, winRate: rate }))
      .openapi({ description: `won / (won + lost) per band of the lead's score: ${SCORE_BANDS.map((b) => b.band).join(', ')}` }),
  })
  .openapi('Funnel')

const route = createRoute({
  method: 'get',
  path: '/api/v1/funnel',
  summary: 'The sales funnel: known → MQL → SQL → accepted → won, time to accept, SLA breaches, why leads were disqualified, win rate by score band',
  description: 'Over the leads first seen in [since, until) (ISO-8601; default the last 90 days).',
  ...keyAuth('leads.read'),
  request: {
    query: z.object({
      since: z.iso.datetime({ offset: true }).optional().openapi({ example: '2026-01-01T00:00:00Z' }),
      until: z.iso.datetime({ offset: true }).optional(),
    }),
  },
  responses: { 200: { description: 'the funnel', content: { 'application/json': { schema: FunnelSchema } } }, ...errors(400, 401, 429) },
})

/**
 * `GET /api/v1/funnel`.
 * @example
 * app.route('/', funnelRoutes)
 */
export const funnelRoutes = api()

funnelRoutes.openapi(route, async (c) => {
  const q = c.req.valid('query')
  const until = q.until ? Date.parse(q.until) : Date.now()
  const since = q.since ? Date.parse(q.since) : until - 90 * DAY_MS
  if (!(since < until)) throw new ProblemError(400, 'since must be before until', { type: 'invalid-request' })
  return c.json(await siteFunnel(database(c.env.DB), c.get('siteId'), since, until), 200)
})
