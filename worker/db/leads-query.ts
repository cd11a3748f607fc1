/**
 * Listing a site's leads: filters, three sort orders and a keyset cursor. The cursor holds the sort key
 * and id of the last row served, so a page is "the next N rows after that key" — rows written while a
 * client pages (new leads, other leads' updates) never make an untouched lead repeat or vanish, unlike
 * OFFSET paging. For the score orders the cursor also pins the `now` the score was decayed to, so every
 * page orders by the same values (scores decay continuously; see decayed-score.ts).
 */
import { and, asc, desc, eq, gte, inArray, type SQL, sql } from 'drizzle-orm'
import { leads } from '../../schema/tables'
import type { LeadStage } from '../../schema/lead-values'
import { decodeCursor, encodeCursor } from '../http/cursor'
import { ProblemError } from '../http/problem'
import type { Model } from '../scoring'
import type { Db, LeadRow } from './client'
import { decayedScoreSql } from './decayed-score'

export const SORTS = ['-score', 'score', '-lastSeenAt'] as const
export type LeadSort = (typeof SORTS)[number]

/** Validated list parameters. */
export interface LeadFilters {
  stages?: LeadStage[]
  /** on the score decayed to the query's `now` */
  minScore?: number
  /** normalised (trimmed, lower-case) */
  email?: string
  /** lastSeenAt ≥ this (ms) */
  since?: number
  /** account (company) domain, lower-case */
  domain?: string
}

/** What a cursor carries: the sort it belongs to, the pinned `now`, and the last row's key and id. */
export interface CursorState {
  s: LeadSort
  n: number
  v: number
  id: string
}

const isCursor = (v: unknown): v is CursorState => {
  const c = v as CursorState
  return (
    typeof c === 'object' && c !== null && (SORTS as readonly string[]).includes(c.s) && Number.isSafeInteger(c.n) &&
    Number.isFinite(c.v) && typeof c.id === 'string' && c.id.length <= 64
  )
}

/** A page of rows and the cursor of the next one (null on the last page). */
export interface LeadPage {
  rows: LeadRow[]
  next: string | null
  /** the instant scores were decayed to for ordering (pinned by the cursor) */
  now: number
}

/**
 * One page of a site's leads. `cursor` (from a previous page) must come from the same sort; filters are
 * the caller's to keep the same (a changed filter just narrows or widens what follows the key).
 * @example
 * const page = await listLeadsPage(db, siteId, model, { stages: ['mql'] }, '-score', 50, q.cursor, Date.now())
 */
export async function listLeadsPage(
  db: Db,
  siteId: string,
  model: Model,
  filters: LeadFilters,
  sort: LeadSort,
  limit: number,
  cursor: string | undefined,
  now: number,
): Promise<LeadPage> {
  const after = cursor ? decodeCursor(cursor, isCursor) : null
  if (after && after.s !== sort) throw new ProblemError(400, `cursor belongs to sort=${after.s}, not sort=${sort}`, { type: 'invalid-cursor' })
  const at = after?.n ?? now
  const got = await leadsPageQuery(db, siteId, model, filters, sort, limit, after, at)
  const page = got.slice(0, limit)
  const last = page.at(-1)
  const next = got.length > limit && last ? encodeCursor({ s: sort, n: at, v: last.k, id: last.lead.id } satisfies CursorState) : null
  return { rows: page.map((r) => r.lead), next, now: at }
}

/**
 * The page query itself: the rows after `after` in `sort`, scores decayed to `at` (exported so a test
 * can EXPLAIN the exact SQL the API runs).
 * @example
 * leadsPageQuery(db, siteId, model, {}, '-lastSeenAt', 50, null, Date.now()).toSQL()
 */
export function leadsPageQuery(db: Db, siteId: string, model: Model, filters: LeadFilters, sort: LeadSort, limit: number, after: CursorState | null, at: number) {
  const score = decayedScoreSql(model, at)
  const conds: SQL[] = [eq(leads.siteId, siteId)]
  if (filters.stages?.length) conds.push(inArray(leads.stage, filters.stages))
  if (filters.email !== undefined) conds.push(eq(leads.email, filters.email))
  if (filters.since !== undefined) conds.push(gte(leads.lastSeenAt, filters.since))
  if (filters.domain !== undefined) conds.push(eq(leads.accountDomain, filters.domain))
  if (filters.minScore !== undefined) conds.push(sql`${score} >= ${filters.minScore}`)

  const key = sort === '-lastSeenAt' ? sql`${leads.lastSeenAt}` : score
  if (after) conds.push(sort === 'score' ? sql`(${key}, ${leads.id}) > (${after.v}, ${after.id})` : sql`(${key}, ${leads.id}) < (${after.v}, ${after.id})`)
  const order = sort === 'score' ? [asc(sql`sort_key`), asc(leads.id)] : [desc(sql`sort_key`), desc(leads.id)]
  return db
    .select({ lead: leads, k: sql<number>`${key}`.mapWith(Number).as('sort_key') })
    .from(leads)
    .where(and(...conds))
    .orderBy(...order)
    .limit(limit + 1)
}
