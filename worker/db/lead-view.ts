import { z } from '@hono/zod-openapi'
import { currentScores, type Model } from '../scoring'
import type { LeadRow } from './client'

/** The public `Lead` of the contract. */
export const LeadSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    company: z.string().nullable(),
    title: z.string().nullable(),
    score: z.number(),
    engagementScore: z.number(),
    fitScore: z.number(),
    grade: z.string(),
    stage: z.enum(['known', 'mql', 'sql', 'accepted', 'disqualified']),
    outcome: z.enum(['won', 'lost']).nullable(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    mqlAt: z.string().nullable(),
    sqlAt: z.string().nullable(),
  })
  .openapi('Lead')
export type Lead = z.infer<typeof LeadSchema>

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString())

/**
 * A lead row as the API shows it, with its scores decayed exactly to `now`.
 * @example
 * toLead(row, model, Date.now())
 */
export function toLead(row: LeadRow, model: Model, now: number): Lead {
  const s = row.scoreState
    ? currentScores(row.scoreState as Parameters<typeof currentScores>[0], model, now)
    : { score: row.score, engagementScore: row.engagementScore, fitScore: row.fitScore, grade: row.grade }
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    company: row.company,
    title: row.title,
    score: s.score,
    engagementScore: s.engagementScore,
    fitScore: s.fitScore,
    grade: s.grade,
    stage: row.stage,
    outcome: row.outcome,
    firstSeenAt: iso(row.firstSeenAt)!,
    lastSeenAt: iso(row.lastSeenAt)!,
    mqlAt: iso(row.mqlAt),
    sqlAt: iso(row.sqlAt),
  }
}
