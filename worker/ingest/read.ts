import { events, leads, visitors } from '../../schema/tables'
import type { EventRow, LeadRow, VisitorRow } from '../db/client'
import { rowMapper } from '../db/raw'
import { type SiteWithModel, siteWithModelSql, toSiteWithModel } from '../db/site-model'
import { BUDGETS, type BudgetCounts } from './budget'
import { DAY_MS } from '../scoring/time'

/** How many of a lead's newest events scoring reads (older ones have decayed to nothing): all it may store. */
export const HISTORY_LIMIT = BUDGETS.leadStored

/** Everything one ingest request needs to decide, read in one D1 round trip. */
export interface Snapshot {
  site: SiteWithModel | undefined
  visitor: VisitorRow | undefined
  /** the lead the visitor is already linked to */
  visitorLead: LeadRow | undefined
  /** the lead of the email this batch identifies with, if any */
  emailLead: LeadRow | undefined
  /** event ids of this batch the visitor already delivered (a re-sent batch) */
  known: Set<string>
  /** events of both leads and the visitor's anonymous ones, newest first; read only when scoring needs them */
  history?: EventRow[]
  /** what the event budgets are measured against */
  budget: BudgetCounts
}

// The hot path's SQL, written once: every query keys off the site key (?1) and visitor id (?2) or
// email (?3) through subqueries, so the five run in one batch and none waits for another's answer.
const SITE_ID = '(select id from sites where site_key = ?1)'
const VISITOR_ID = `(select id from visitors where site_id = ${SITE_ID} and vid = ?2)`
const VISITOR_LEAD_ID = `(select lead_id from visitors where site_id = ${SITE_ID} and vid = ?2)`
const EMAIL_LEAD_ID = `(select id from leads where site_id = ${SITE_ID} and email = ?3)`
// Each count stops at its budget, so its cost is bounded whatever a flood stored (?4: a day ago).
const count = (where: string, cap: number) => `(select count(*) from (select 1 from events where ${where} limit ${cap}))`
const leadCounts = (lead: string, as: string) =>
  `${count(`lead_id = ${lead} and received_at >= ?4`, BUDGETS.leadPerDay)} as ${as}_today, ${count(`lead_id = ${lead}`, BUDGETS.leadStored)} as ${as}_stored`
const SQL = {
  site: siteWithModelSql('s.site_key = ?1'),
  visitor: `select * from visitors where site_id = ${SITE_ID} and vid = ?2`,
  visitorLead: `select * from leads where id = ${VISITOR_LEAD_ID}`,
  emailLead: `select * from leads where site_id = ${SITE_ID} and email = ?3`,
  // the batch's ids this visitor already sent: bounded by the batch, whatever the history holds
  // without an email ?3 is null and the email lead's counts are 0
  budget: `select
    ${count(`visitor_id = ${VISITOR_ID} and received_at >= ?4`, BUDGETS.visitorPerDay)} as visitor_today,
    ${count(`visitor_id = ${VISITOR_ID} and lead_id is null`, BUDGETS.leadStored)} as visitor_anonymous,
    ${leadCounts(VISITOR_LEAD_ID, 'vlead')}, ${leadCounts(EMAIL_LEAD_ID, 'elead')}`,
  known: `select eid from events where visitor_id = ${VISITOR_ID} and eid in (select value from json_each(?3))`,
  history: (withEmail: boolean) => `select * from events
         where lead_id = ${VISITOR_LEAD_ID} ${withEmail ? `or lead_id = ${EMAIL_LEAD_ID}` : ''}
            or (visitor_id = ${VISITOR_ID} and lead_id is null)
         order by at desc limit ${HISTORY_LIMIT}`,
}

const toVisitor = rowMapper(visitors)
const toLead = rowMapper(leads)
const toEvent = rowMapper(events)

/**
 * Reads site, model, visitor, its lead, the identified email's lead, which of the batch's event ids
 * the visitor already sent and the event budgets' counts (since `now` less a day), in one D1 `batch()`.
 * With `history`, also the events scoring from scratch needs (incremental scoring does without them).
 * @example
 * const snap = await readSnapshot(env.DB, 'demo', 'k3j…', 'ana@acme.io', ['e1', 'e2'], false, Date.now())
 */
export async function readSnapshot(
  d1: D1Database,
  siteKey: string,
  vid: string,
  email: string | null,
  eids: string[],
  history = false,
  now = Date.now(),
): Promise<Snapshot> {
  const q = (sql: string, ...binds: unknown[]) => d1.prepare(sql).bind(...binds)
  const stmts = [
    q(SQL.site, siteKey),
    q(SQL.visitor, siteKey, vid),
    q(SQL.visitorLead, siteKey, vid),
    q(SQL.known, siteKey, vid, JSON.stringify(eids)),
    q(SQL.budget, siteKey, vid, email, now - DAY_MS),
  ]
  if (history) stmts.push(email ? q(SQL.history(true), siteKey, vid, email) : q(SQL.history(false), siteKey, vid))
  if (email) stmts.push(q(SQL.emailLead, siteKey, vid, email))
  const results = (await d1.batch<Record<string, unknown>>(stmts)).map((r) => r.results)
  const [site, visitor, visitorLead, known, counted] = results
  const past = history ? results[5] : undefined
  const emailLead = email ? results[results.length - 1] : undefined
  const s = site[0]
  const vl = visitorLead[0] ? toLead(visitorLead[0]) : undefined
  const el = emailLead?.[0] ? toLead(emailLead[0]) : undefined
  const c = (counted[0] ?? {}) as Record<string, number>
  const leadsCounted: BudgetCounts['leads'] = {}
  if (vl) leadsCounted[vl.id] = { today: c.vlead_today ?? 0, stored: c.vlead_stored ?? 0 }
  if (el) leadsCounted[el.id] = { today: c.elead_today ?? 0, stored: c.elead_stored ?? 0 }
  return {
    site: s ? toSiteWithModel(s) : undefined,
    visitor: visitor[0] ? toVisitor(visitor[0]) : undefined,
    visitorLead: vl,
    emailLead: el,
    known: new Set(known.map((r) => String(r.eid))),
    history: past?.map(toEvent),
    budget: { visitorToday: c.visitor_today ?? 0, visitorAnonymous: c.visitor_anonymous ?? 0, leads: leadsCounted },
  }
}
