/**
 * Writing historical leads (a CSV import): a lead per email (created, or its profile and outcome
 * updated), a visitor standing for the import, and the events, marked `imported`. Event ids come from
 * the file's rows, so importing the same file twice stores nothing new. Leads are left on model version
 * -1: a rescore then scores each from its whole history through the one scoring path (stage changes
 * recorded with source `import`, never alerted).
 *
 * A page of leads is planned with two reads and written with a fixed handful of statements over
 * `json_each` (one JSON parameter each, under D1's 2 MB), whatever the page's size: an inline import
 * runs page after page, an `import-file` job commits one page per step with its progress.
 */
import type { MappedLead } from '../calibration/leads-csv'
import { accountDomain, type Model } from '../scoring'
import { newId } from './client'
import { toEventRow } from './event-rows'
import { jsonChunks } from './rescore'

/** Rows one page (one job step) takes at most. */
export const IMPORT_PAGE_ROWS = 200
/** Events one page writes at most (a page always takes at least one row): bounds the JSON and the CPU. */
export const IMPORT_PAGE_EVENTS = 4_000

/** The stable visitor an imported lead's history hangs on, so a re-import adds nothing twice. */
const importVid = (email: string) => `import:${email}`.slice(0, 64)

/** What a page (or a whole import) did. */
export interface ImportCounts {
  created: number
  updated: number
  events: number
}

/**
 * How many of `mapped` (from the front) one page takes: at most IMPORT_PAGE_ROWS rows and
 * IMPORT_PAGE_EVENTS events, at least one row.
 * @example
 * const n = pageSize(mapped) // then importPage(d1, siteId, model, mapped.slice(0, n), now)
 */
export function pageSize(mapped: readonly MappedLead[]): number {
  let events = 0
  let n = 0
  for (const m of mapped) {
    if (n >= IMPORT_PAGE_ROWS || (n > 0 && events + m.events.length > IMPORT_PAGE_EVENTS)) break
    events += m.events.length
    n++
  }
  return n
}

/**
 * Plans one page: reads which emails already have a lead and an import visitor (two queries), and
 * returns the writes (to run in one batch) and what they do.
 * @example
 * const { writes, counts } = await importPage(env.DB, siteId, model, mapped.slice(0, pageSize(mapped)), Date.now())
 */
export async function importPage(d1: D1Database, siteId: string, model: Model, mapped: readonly MappedLead[], now: number): Promise<{ writes: D1PreparedStatement[]; counts: ImportCounts }> {
  const page = dedupeByEmail(mapped)
  const emails = JSON.stringify(page.map((m) => m.email))
  const [existingLeads, existingVisitors] = await d1.batch<Record<string, unknown>>([
    d1.prepare('select id, email, profile from leads where site_id = ?1 and email in (select value from json_each(?2))').bind(siteId, emails),
    d1.prepare('select id, vid from visitors where site_id = ?1 and vid in (select value from json_each(?2))').bind(siteId, JSON.stringify(page.map((m) => importVid(m.email)))),
  ])
  const leadOf = new Map(existingLeads.results.map((l) => [l.email as string, { id: l.id as string, profile: JSON.parse((l.profile as string) || '{}') as Record<string, string> }]))
  const visitorOf = new Map(existingVisitors.results.map((v) => [v.vid as string, v.id as string]))
  const inserts: string[] = []
  const updates: string[] = []
  const newVisitors: string[] = []
  const rows: string[] = []
  for (const m of page) {
    const profile = cleanProfile(m.profile)
    const first = m.events[0]?.at ?? now
    const last = m.events.at(-1)?.at ?? now
    const existing = leadOf.get(m.email)
    const leadId = existing?.id ?? newId('ld')
    const outcome = m.outcome ? { outcome: m.outcome, outcomeAt: last } : { outcome: null, outcomeAt: null }
    if (existing) updates.push(JSON.stringify({ id: leadId, profile: { ...existing.profile, ...profile }, ...outcome }))
    else {
      const { name = null, company = null, title = null } = profile
      inserts.push(JSON.stringify({ id: leadId, email: m.email, domain: accountDomain(m.email, model), name, company, title, profile, ...outcome, first, last }))
    }
    const vid = importVid(m.email)
    const visitorId = visitorOf.get(vid) ?? newId('vi')
    if (!visitorOf.has(vid)) newVisitors.push(JSON.stringify({ id: visitorId, vid, leadId, first, last }))
    for (const e of m.events) {
      const r = toEventRow({ ...e, eid: e.id.slice(0, 64) }, { siteId, visitorId, leadId, receivedAt: now, imported: true })
      rows.push(JSON.stringify({ v: visitorId, l: leadId, eid: r.eid, type: r.type, path: r.path, name: r.name, seconds: r.seconds, props: r.props ?? null, at: r.at }))
    }
  }
  const each = (texts: string[], sql: string, ...binds: unknown[]) => jsonChunks(texts).map((chunk) => d1.prepare(sql).bind(`[${chunk.join(',')}]`, ...binds))
  const writes = [
    ...each(inserts, INSERT_LEADS, siteId, now),
    ...each(updates, UPDATE_LEADS, siteId),
    ...each(newVisitors, INSERT_VISITORS, siteId, now),
    ...each(rows, INSERT_EVENTS, siteId, now),
  ]
  return { writes, counts: { created: inserts.length, updated: updates.length, events: rows.length } }
}

const INSERT_LEADS = `insert into leads (id, site_id, email, account_domain, name, company, title, profile, outcome, outcome_at, outcome_source,
    scored_at, model_version, first_seen_at, last_seen_at, created_at)
  select j.value ->> '$.id', ?2, j.value ->> '$.email', j.value ->> '$.domain', j.value ->> '$.name', j.value ->> '$.company', j.value ->> '$.title',
    j.value -> '$.profile', j.value ->> '$.outcome', j.value ->> '$.outcomeAt', case when j.value ->> '$.outcome' is null then null else 'import' end,
    ?3, -1, j.value ->> '$.first', j.value ->> '$.last', ?3
  from json_each(?1) j`

// an outcome in the file overwrites the lead's; a row without one leaves it
const UPDATE_LEADS = `update leads set profile = j.value -> '$.profile', model_version = -1,
    outcome = coalesce(j.value ->> '$.outcome', leads.outcome), outcome_at = coalesce(j.value ->> '$.outcomeAt', leads.outcome_at),
    outcome_source = case when j.value ->> '$.outcome' is null then leads.outcome_source else 'import' end
  from json_each(?1) j where leads.id = j.value ->> '$.id' and leads.site_id = ?2`

const INSERT_VISITORS = `insert into visitors (id, site_id, vid, lead_id, scored_at, first_seen_at, last_seen_at)
  select j.value ->> '$.id', ?2, j.value ->> '$.vid', j.value ->> '$.leadId', ?3, j.value ->> '$.first', j.value ->> '$.last' from json_each(?1) j`

const INSERT_EVENTS = `insert into events (site_id, visitor_id, lead_id, eid, type, path, name, seconds, props, at, received_at, imported)
  select ?2, j.value ->> '$.v', j.value ->> '$.l', j.value ->> '$.eid', j.value ->> '$.type', j.value ->> '$.path', j.value ->> '$.name',
    j.value ->> '$.seconds', case when json_type(j.value, '$.props') = 'object' then j.value -> '$.props' end, j.value ->> '$.at', ?3, 1
  from json_each(?1) j where true on conflict do nothing`

/**
 * Imports every lead inline, page after page (one batch each). For files that fit a few pages; larger
 * ones go through an `import-file` job.
 * @example
 * const { created, updated, events } = await importLeads(env.DB, siteId, model, mapped, Date.now())
 */
export async function importLeads(d1: D1Database, siteId: string, model: Model, mapped: MappedLead[], now: number): Promise<ImportCounts> {
  const total: ImportCounts = { created: 0, updated: 0, events: 0 }
  for (let i = 0; i < mapped.length; ) {
    const n = pageSize(mapped.slice(i, i + IMPORT_PAGE_ROWS))
    const { writes, counts } = await importPage(d1, siteId, model, mapped.slice(i, i + n), now)
    if (writes.length) await d1.batch(writes)
    total.created += counts.created
    total.updated += counts.updated
    total.events += counts.events
    i += n
  }
  return total
}

function dedupeByEmail(ms: readonly MappedLead[]): MappedLead[] {
  const by = new Map<string, MappedLead>()
  for (const m of ms) by.set(m.email, m)
  return [...by.values()]
}

function cleanProfile(p: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(p)) if (v !== undefined && k !== 'email') out[k] = String(v).slice(0, 512)
  return out
}
