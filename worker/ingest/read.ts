import { events, leads, visitors } from '../../schema/tables'
import type { EventRow, LeadRow, VisitorRow } from '../db/client'
import { rowMapper } from '../db/raw'
import { RESCORE_HISTORY } from '../db/rescore'
import { type SiteWithModel, siteWithModelSql, toSiteWithModel } from '../db/site-model'

/**
 * How many of a subject's newest events scoring from scratch reads (the fallback of incremental
 * scoring): the rescore's own bound, so both paths build the same score from the same events.
 */
export const HISTORY_LIMIT = RESCORE_HISTORY

/** Everything one ingest request needs to decide, read in one D1 round trip. */
export interface Snapshot {
  site: SiteWithModel | undefined
  /** with its event budget window: the budgets are counted on the rows, never over the events */
  visitor: VisitorRow | undefined
  /** the lead the visitor is already linked to */
  visitorLead: LeadRow | undefined
  /** the lead of the email this batch identifies with, if any */
  emailLead: LeadRow | undefined
  /** event ids of this batch the visitor already delivered (a re-sent batch) */
  known: Set<string>
  /** events of both leads and the visitor's anonymous ones, newest first; read only when scoring needs them */
  history?: EventRow[]
}

// The hot path's SQL, written once: every query keys off the site key (?1) and visitor id (?2) or
// email (?3) through subqueries, so the four run in one batch and none waits for another's answer.
const SITE_ID = '(select id from sites where site_key = ?1)'
const VISITOR_ID = `(select id from visitors where site_id = ${SITE_ID} and vid = ?2)`
const VISITOR_LEAD_ID = `(select lead_id from visitors where site_id = ${SITE_ID} and vid = ?2)`
const EMAIL_LEAD_ID = `(select id from leads where site_id = ${SITE_ID} and email = ?3)`
// One part of a subject's history, walking its index newest first and stopping at the limit: an OR of
// the parts would make SQLite collect and sort the whole history to keep its newest rows.
const newest = (where: string) => `select * from (select * from events where ${where} order by at desc limit ${HISTORY_LIMIT})`
const SQL = {
  site: siteWithModelSql('s.site_key = ?1'),
  visitor: `select * from visitors where site_id = ${SITE_ID} and vid = ?2`,
  visitorLead: `select * from leads where id = ${VISITOR_LEAD_ID}`,
  emailLead: `select * from leads where site_id = ${SITE_ID} and email = ?3`,
  // the batch's ids this visitor already sent: bounded by the batch, whatever the history holds
  known: `select eid from events where visitor_id = ${VISITOR_ID} and eid in (select value from json_each(?3))`,
  history: (withEmail: boolean) =>
    [newest(`lead_id = ${VISITOR_LEAD_ID}`), ...(withEmail ? [newest(`lead_id = ${EMAIL_LEAD_ID}`)] : []), newest(`visitor_id = ${VISITOR_ID} and lead_id is null`)]
      .join(' union all ')
      .concat(` order by at desc limit ${HISTORY_LIMIT}`),
}

const toVisitor = rowMapper(visitors)
const toLead = rowMapper(leads)
const toEvent = rowMapper(events)

/**
 * Reads site, model, visitor (with its budget window), its lead, the identified email's lead and which of
 * the batch's event ids the visitor already sent, in one D1 `batch()`.
 * With `history`, also the events scoring from scratch needs (incremental scoring does without them).
 * @example
 * const snap = await readSnapshot(env.DB, 'demo', 'k3j…', 'ana@acme.io', ['e1', 'e2'], false)
 */
export async function readSnapshot(
  d1: D1Database,
  siteKey: string,
  vid: string,
  email: string | null,
  eids: string[],
  history = false,
): Promise<Snapshot> {
  const q = (sql: string, ...binds: unknown[]) => d1.prepare(sql).bind(...binds)
  const stmts = [
    q(SQL.site, siteKey),
    q(SQL.visitor, siteKey, vid),
    q(SQL.visitorLead, siteKey, vid),
    q(SQL.known, siteKey, vid, JSON.stringify(eids)),
  ]
  if (history) stmts.push(email ? q(SQL.history(true), siteKey, vid, email) : q(SQL.history(false), siteKey, vid))
  if (email) stmts.push(q(SQL.emailLead, siteKey, vid, email))
  const results = (await d1.batch<Record<string, unknown>>(stmts)).map((r) => r.results)
  const [site, visitor, visitorLead, known] = results
  const past = history ? results[4] : undefined
  const emailLead = email ? results[results.length - 1] : undefined
  const s = site[0]
  const vl = visitorLead[0] ? toLead(visitorLead[0]) : undefined
  const el = emailLead?.[0] ? toLead(emailLead[0]) : undefined
  return {
    site: s ? toSiteWithModel(s) : undefined,
    visitor: visitor[0] ? toVisitor(visitor[0]) : undefined,
    visitorLead: vl,
    emailLead: el,
    known: new Set(known.map((r) => String(r.eid))),
    history: past?.map(toEvent),
  }
}
