import { z } from '@hono/zod-openapi'
import { LEAD_STAGES } from '../../schema/lead-values'
import { emailKind, type Model, storedScores } from '../scoring'
import type { LeadRow } from './client'
import { iso } from '../scoring/time'

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
    stage: z.enum(LEAD_STAGES),
    outcome: z.enum(['won', 'lost']).nullable(),
    identityVerified: z.boolean().openapi({ description: 'true once any identify for this lead carried a valid hash' }),
    emailKind: z.enum(['work', 'free', 'disposable']).openapi({ description: 'free mail and throw-away addresses are marked, never refused' }),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    mqlAt: z.string().nullable(),
    sqlAt: z.string().nullable(),
  })
  .openapi('Lead')
export type Lead = z.infer<typeof LeadSchema>

/**
 * A lead row as the API shows it, with its scores decayed exactly to `now`.
 * @example
 * toLead(row, model, Date.now())
 */
export function toLead(row: LeadRow, model: Model, now: number): Lead {
  const s = storedScores(row, model, now)
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
    identityVerified: row.identityVerified,
    emailKind: emailKind(row.email, model),
    firstSeenAt: iso(row.firstSeenAt)!,
    lastSeenAt: iso(row.lastSeenAt)!,
    mqlAt: iso(row.mqlAt),
    sqlAt: iso(row.sqlAt),
  }
}
