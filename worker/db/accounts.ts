/**
 * Accounts: a site's leads grouped by company email domain (`leads.account_domain`, set for non-free
 * addresses), scored with the engine's `rollUpAccount` on every lead's score decayed to now. Accounts
 * are derived on read (no table of their own), so they are never stale; the cost is one read of the
 * site's account-holding leads (narrow columns) per list request.
 */
import { and, eq, isNotNull } from 'drizzle-orm'
import { leads } from '../../schema/tables'
import { type Model, rollUpAccount, storedScores } from '../scoring'
import type { Db, LeadRow } from './client'
import { type Lead, toLead } from './lead-view'
import { iso } from '../scoring/time'

/** An account as the API shows it. */
export interface AccountView {
  domain: string
  /** the engine's roll-up: the sum of the best ACCOUNT_TOP_N lead scores */
  score: number
  /** engagement > 0 and seen within ENGAGED_WITHIN_DAYS */
  engagedPeople: number
  people: number
  lastSeenAt: string
  /** its best leads, highest score first */
  topPeople: { id: string; email: string; name: string | null; title: string | null; score: number; stage: string }[]
}

type Slim = Pick<LeadRow, 'id' | 'email' | 'name' | 'title' | 'accountDomain' | 'scoreState' | 'score' | 'engagementScore' | 'fitScore' | 'grade' | 'stage' | 'lastSeenAt'>

const slimColumns = {
  id: leads.id,
  email: leads.email,
  name: leads.name,
  title: leads.title,
  accountDomain: leads.accountDomain,
  scoreState: leads.scoreState,
  score: leads.score,
  engagementScore: leads.engagementScore,
  fitScore: leads.fitScore,
  grade: leads.grade,
  stage: leads.stage,
  lastSeenAt: leads.lastSeenAt,
}

/**
 * Rolls up one account's leads at `now`.
 * @example
 * rollUp('acme.com', rows, DEFAULT_MODEL, Date.now()) // { domain: 'acme.com', score: 212, engagedPeople: 2, … }
 */
export function rollUp(domain: string, rows: readonly Slim[], model: Model, now: number): AccountView {
  const scored = rows.map((r) => ({ r, s: storedScores(r, model, now) }))
  const up = rollUpAccount(
    scored.map(({ r, s }) => ({ score: s.score, engagementScore: s.engagementScore, stage: r.stage, lastSeenAt: r.lastSeenAt })),
    now,
  )
  scored.sort((a, b) => b.s.score - a.s.score || (a.r.id < b.r.id ? -1 : 1))
  return {
    domain,
    score: up.score,
    engagedPeople: up.engagedPeople,
    people: up.people,
    lastSeenAt: iso(Math.max(...rows.map((r) => r.lastSeenAt))),
    topPeople: scored.slice(0, 3).map(({ r, s }) => ({ id: r.id, email: r.email, name: r.name, title: r.title, score: s.score, stage: r.stage })),
  }
}

/**
 * Every account of the site at `now`, highest score first (ties by domain).
 * @example
 * const all = await listAccounts(db, siteId, model, Date.now())
 */
export async function listAccounts(db: Db, siteId: string, model: Model, now: number): Promise<AccountView[]> {
  const rows = await accountsQuery(db, siteId)
  const byDomain = new Map<string, Slim[]>()
  for (const r of rows) (byDomain.get(r.accountDomain!) ?? byDomain.set(r.accountDomain!, []).get(r.accountDomain!)!).push(r)
  return [...byDomain].map(([d, rs]) => rollUp(d, rs, model, now)).sort((a, b) => b.score - a.score || (a.domain < b.domain ? -1 : 1))
}

/**
 * One account with all its people as Leads (highest score first), or null when no lead has that domain.
 * @example
 * const acme = await getAccount(db, siteId, 'acme.com', model, Date.now())
 */
export async function getAccount(db: Db, siteId: string, domain: string, model: Model, now: number): Promise<(AccountView & { leads: Lead[] }) | null> {
  const rows = await accountQuery(db, siteId, domain)
  if (!rows.length) return null
  const people = rows.map((r) => toLead(r, model, now)).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
  return { ...rollUp(domain, rows, model, now), leads: people }
}

/**
 * The reads behind the account routes (exported so a test can EXPLAIN the exact SQL).
 * @example
 * accountsQuery(db, siteId).toSQL()
 */
export const accountsQuery = (db: Db, siteId: string) => db.select(slimColumns).from(leads).where(and(eq(leads.siteId, siteId), isNotNull(leads.accountDomain)))
export const accountQuery = (db: Db, siteId: string, domain: string) => db.select().from(leads).where(and(eq(leads.siteId, siteId), eq(leads.accountDomain, domain)))
