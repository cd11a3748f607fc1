/**
 * The hot-leads view: each lead's row (score decayed to now, top reasons, whether it just became SQL)
 * and the filters read from the query string. Pure.
 */
import { breakdownAt } from '../../db/breakdown-now'
import type { LeadRow } from '../../db/client'
import type { LeadStage as Stage } from '../../../schema/lead-values'
import type { LeadFilters } from '../../db/leads-query'
import { LEAD_STAGES as STAGES } from '../../../schema/lead-values'
import { toLead } from '../../db/lead-view'
import { type Model, parseDecayState } from '../../scoring'
import { SINCE } from './format'

/** A lead that became SQL this recently is highlighted. */
export const JUST_SQL_MS = 15 * 60_000

export interface HotLeadRow {
  id: string
  email: string
  name: string | null
  company: string | null
  stage: string
  grade: string
  score: number
  reasons: { rule: string; points: number }[]
  lastSeenAt: number
  account: string | null
  justSql: boolean
}

/** The filters as the form shows them (strings), and as the query uses them. */
export interface HotFilters {
  form: { stage: string; since: string; domain: string }
  filters: LeadFilters
  /** the query string to repeat them (for the refresh fragment) */
  query: string
}

/**
 * Filters from the query string; unknown values are ignored rather than refused (it is a page, and the
 * form only offers valid ones).
 * @example
 * hotFilters({ stage: 'sql', since: '24h', domain: ' Acme.com ' }, now).filters // { stages: ['sql'], since: now - 86400000, domain: 'acme.com' }
 */
export function hotFilters(q: Record<string, string | undefined>, now: number): HotFilters {
  const stage = (STAGES as readonly string[]).includes(q.stage ?? '') ? (q.stage as Stage) : ''
  const since = q.since && Object.hasOwn(SINCE, q.since) ? q.since : ''
  const domain = (q.domain ?? '').trim().toLowerCase().replace(/^@/, '').slice(0, 253)
  const filters: LeadFilters = {}
  if (stage) filters.stages = [stage]
  if (since) filters.since = now - SINCE[since]
  if (domain) filters.domain = domain
  const params = new URLSearchParams()
  if (stage) params.set('stage', stage)
  if (since) params.set('since', since)
  if (domain) params.set('domain', domain)
  return { form: { stage, since, domain }, filters, query: params.toString() }
}

/**
 * One lead as a hot-leads row, scored at `now`.
 * @example
 * hotLeadRow(row, model, Date.now()).reasons // [{ rule: 'pricing-view', points: 12.5 }, …]
 */
export function hotLeadRow(row: LeadRow, model: Model, now: number): HotLeadRow {
  const lead = toLead(row, model, now)
  const state = parseDecayState(row.scoreState ? JSON.stringify(row.scoreState) : null)
  const reasons = topGroups(breakdownAt(row.breakdown ?? [], state, model, now), model, 3)
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    company: row.company,
    stage: row.stage,
    grade: lead.grade,
    score: lead.score,
    reasons,
    lastSeenAt: row.lastSeenAt,
    account: row.accountDomain,
    justSql: row.stage === 'sql' && row.sqlAt !== null && now - row.sqlAt < JUST_SQL_MS,
  }
}

/**
 * The biggest reasons as a sales rep reads them: points per group of the model after its caps (a rule
 * that hit many times shows what it is worth, not what it would be worth uncapped), by the group's
 * short label, positive ones only, biggest first.
 * @example
 * topGroups(breakdown, DEFAULT_MODEL, 3) // [{ rule: 'Engaged time', points: 60 }, { rule: 'Asked for sales', points: 48.7 }, …]
 */
export function topGroups(breakdown: readonly { group?: string; points: number }[], model: Model, max: number): { rule: string; points: number }[] {
  const sums = new Map<string, number>()
  for (const b of breakdown) {
    if (b.group && Object.hasOwn(model.groups, b.group) && Number.isFinite(b.points)) sums.set(b.group, (sums.get(b.group) ?? 0) + b.points)
  }
  return [...sums]
    .filter(([, p]) => p >= 0.05)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([g, p]) => ({ rule: shortLabel(model.groups[g].label ?? g), points: Math.round(p * 10) / 10 }))
}

const shortLabel = (label: string) => label.split(':')[0].replace(/\s*\(.*\)$/, '').trim()
