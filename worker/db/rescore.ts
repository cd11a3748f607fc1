/**
 * Rescoring in bounded steps: each step reads at most STEP_LEADS leads and at most STEP_EVENTS of their
 * stored events (two queries), scores them, and returns two write statements (one UPDATE for every lead, one INSERT for
 * every stage change) that the job runner commits together with the job's progress. Hand-written SQL
 * over `json_each` so a step is a fixed handful of D1 queries whatever its size (D1 binds ≤ 100
 * parameters; one JSON parameter carries them all).
 */
import { events, leads } from '../../schema/tables'
import type { Model } from '../scoring'
import type { ScoringEvent } from '../scoring/types'
import { type EventRow, type LeadRow, newId } from './client'
import { toScoringEvent } from './event-rows'
import { rowMapper } from './raw'
import { type Rescored, rescoreLead, type StageChange } from './rescore-plan'

/** Leads per step: two reads and two writes, a few hundred milliseconds of CPU at typical histories. */
export const STEP_LEADS = 200
/** A lead's newest events a rescore reads: as many as ingest reads when it scores from scratch (older ones have decayed to nothing). */
export const RESCORE_HISTORY = 5000
/** Stored events one step reads at most (a step always takes at least one lead): rows and CPU per step stay bounded however long histories grow. */
export const STEP_EVENTS = 20_000

const toLead = rowMapper(leads)
const toEvent = rowMapper(events)

/**
 * The newest RESCORE_HISTORY events of each of these leads, in one query.
 * @example
 * const byLead = await readHistories(env.DB, ['ld_…'])
 */
export async function readHistories(d1: D1Database, ids: string[]): Promise<Map<string, ScoringEvent[]>> {
  const byLead = new Map<string, ScoringEvent[]>(ids.map((id) => [id, []]))
  if (ids.length === 0) return byLead
  const r = await d1
    .prepare(
      `select * from (select e.*, row_number() over (partition by e.lead_id order by e.at desc) as nth
         from events e where e.lead_id in (select value from json_each(?1))) where nth <= ?2`,
    )
    .bind(JSON.stringify(ids), RESCORE_HISTORY)
    .all<Record<string, unknown>>()
  for (const raw of r.results) {
    const e = toEvent(raw) as EventRow
    byLead.get(e.leadId!)?.push(toScoringEvent(e))
  }
  return byLead
}

/**
 * The SQL of a step's lead pick, in one query: the leads `base` selects, each with the size of its
 * history (capped at RESCORE_HISTORY, counted on the events' lead index), cut to the first ones (by
 * `order`) whose histories fit STEP_EVENTS together, at least one; `found` is how many `base` gave.
 * @example
 * env.DB.prepare(stepLeadsSql('select * from leads where site_id = ?1 limit ?3', 'id'))
 */
export function stepLeadsSql(base: string, order: 'id' | 'email'): string {
  return `with picked as (${base}),
    sized as (select picked.*, min((select count(*) from events e where e.lead_id = picked.id), ${RESCORE_HISTORY}) as history_size from picked)
    select * from (select sized.*, sum(history_size) over (order by ${order} rows unbounded preceding) as running,
                          row_number() over (order by ${order}) as nth, count(*) over () as found from sized)
    where running <= ${STEP_EVENTS} or nth = 1 order by ${order}`
}

async function pickLeads(stmt: D1PreparedStatement): Promise<{ rows: LeadRow[]; found: number }> {
  const r = await stmt.all<Record<string, unknown>>()
  return { rows: r.results.map(toLead) as LeadRow[], found: Number(r.results[0]?.found ?? 0) }
}

// INDEXED BY: with `!=` the planner may take any index on site_id (e.g. the SLA one) and read every lead row;
// (site_id, model_version) lets it skip the leads already on the version from the index alone
/** The SQL of a rescore step's lead pick (exported so a test can EXPLAIN the exact statement). */
export const RESCORE_LEADS = stepLeadsSql('select * from leads indexed by leads_site_model where site_id = ?1 and model_version != ?2 limit ?3', 'id')
const PREVIEW_LEADS = stepLeadsSql('select * from leads where site_id = ?1 and email > ?2 order by email limit ?3', 'email')

/**
 * How many of the site's leads are not on `version` (a rescore job's total).
 * @example
 * const total = await countOffVersion(env.DB, siteId, 3)
 */
export async function countOffVersion(d1: D1Database, siteId: string, version: number): Promise<number> {
  const r = await d1.prepare('select count(*) as n from leads indexed by leads_site_model where site_id = ?1 and model_version != ?2').bind(siteId, version).first<{ n: number }>()
  return r?.n ?? 0
}

/**
 * One rescoring step: up to `limit` of the site's leads still off `version`, scored from scratch under
 * `model`. Returns the writes (each lead's UPDATE checks the lead version it read: a lead ingest
 * touched meanwhile is left, and ingest scores it under the site's current model) and the stage
 * changes. Stage changes are recorded with `source` and queue no alert.
 * @example
 * const step = await rescoreStep(env.DB, siteId, 3, model, Date.now())
 */
export async function rescoreStep(
  d1: D1Database,
  siteId: string,
  version: number,
  model: Model,
  now: number,
  source: 'rescore' | 'import' = 'rescore',
  limit = STEP_LEADS,
): Promise<{ count: number; more: boolean; writes: D1PreparedStatement[]; changes: StageChange[] }> {
  const { rows, found } = await pickLeads(d1.prepare(RESCORE_LEADS).bind(siteId, version, limit))
  if (rows.length === 0) return { count: 0, more: false, writes: [], changes: [] }
  const histories = await readHistories(d1, rows.map((l) => l.id))
  const plans = rows.map((l) => rescoreLead(l, histories.get(l.id) ?? [], model, now))
  const changes = plans.flatMap((p) => (p.change ? [{ id: p.change.id, email: p.change.email, from: p.change.from, to: p.change.to }] : []))
  return { count: rows.length, more: found === limit || rows.length < found, writes: rescoreWrites(d1, plans, version, now, source), changes }
}

/**
 * Characters of JSON one bound parameter carries at most: D1 refuses strings over 2 MB (600,000
 * characters stay under it even at three UTF-8 bytes each), and rich leads' states and breakdowns run
 * to tens of KB, so a step of 200 such leads writes in a few UPDATEs.
 */
export const PARAM_CHARS = 600_000

const RESCORE_UPDATE = `update leads set score = j.value ->> '$.score', engagement_score = j.value ->> '$.eng', fit_score = j.value ->> '$.fit',
   grade = j.value ->> '$.grade', score_state = j.value -> '$.state', scoring_state = j.value ->> '$.scoring', breakdown = j.value -> '$.breakdown', scored_at = ?2,
   model_version = ?3, stage = j.value ->> '$.stage', mql_at = j.value ->> '$.mql', sql_at = j.value ->> '$.sql', version = leads.version + 1
   from json_each(?1) j where leads.id = j.value ->> '$.id' and leads.version = j.value ->> '$.v'`

/**
 * Consecutive groups of JSON texts, each group's length under PARAM_CHARS (a lone longer text stays alone).
 * @example
 * jsonChunks(updates.map((u) => JSON.stringify(u))) // [[…], …]: one UPDATE each
 */
export function jsonChunks(texts: string[]): string[][] {
  const out: string[][] = []
  let size = Number.POSITIVE_INFINITY
  for (const t of texts) {
    if (size + t.length + 1 > PARAM_CHARS) {
      out.push([])
      size = 0
    }
    out[out.length - 1].push(t)
    size += t.length + 1
  }
  return out
}

function rescoreWrites(d1: D1Database, plans: Rescored[], version: number, now: number, source: string): D1PreparedStatement[] {
  const updates = plans.map((p) => ({
    id: p.lead.id,
    v: p.lead.version,
    score: p.result.score,
    eng: p.result.engagementScore,
    fit: p.result.fitScore,
    grade: p.result.grade,
    state: p.result.state,
    scoring: p.scoringState,
    breakdown: p.result.breakdown,
    stage: p.stage,
    mql: p.mqlAt,
    sql: p.sqlAt,
  }))
  const out = jsonChunks(updates.map((u) => JSON.stringify(u))).map((chunk) => d1.prepare(RESCORE_UPDATE).bind(`[${chunk.join(',')}]`, now, version))
  const changes = plans.flatMap((p) =>
    p.change ? [{ tid: newId('tr'), site: p.lead.siteId, id: p.lead.id, from: p.change.from, to: p.change.to, epoch: p.lead.version + 1, reason: p.change.reason, score: p.result.score }] : [],
  )
  if (changes.length > 0) {
    // Recorded only where the update above applied (the lead's version is now exactly one more).
    out.push(
      d1
        .prepare(
          `insert into stage_transitions (id, site_id, lead_id, from_stage, to_stage, epoch, source, reason, score, at)
           select j.value ->> '$.tid', j.value ->> '$.site', j.value ->> '$.id', j.value ->> '$.from', j.value ->> '$.to', j.value ->> '$.epoch', ?2,
                  j.value ->> '$.reason', j.value ->> '$.score', ?3
           from json_each(?1) j
           where exists (select 1 from leads l where l.id = j.value ->> '$.id' and l.version = j.value ->> '$.epoch' and l.model_version = ?4)
           on conflict do nothing`,
        )
        .bind(JSON.stringify(changes), source, now, version),
    )
  }
  return out
}

/**
 * A dry-run step: up to `limit` of the site's leads after `after` (by email, the unique per-site
 * index), scored under `model` without writing. Returns the stage changes and the next cursor.
 * @example
 * const { changes, next } = await previewStep(env.DB, siteId, model, '', Date.now())
 */
export async function previewStep(
  d1: D1Database,
  siteId: string,
  model: Model,
  after: string,
  now: number,
  limit = STEP_LEADS,
): Promise<{ count: number; changes: StageChange[]; next: string | null }> {
  const { rows, found } = await pickLeads(d1.prepare(PREVIEW_LEADS).bind(siteId, after, limit))
  const histories = await readHistories(d1, rows.map((l) => l.id))
  const changes: StageChange[] = []
  for (const l of rows) {
    const c = rescoreLead(l, histories.get(l.id) ?? [], model, now).change
    if (c) changes.push({ id: c.id, email: c.email, from: c.from, to: c.to })
  }
  const more = found === limit || rows.length < found
  return { count: rows.length, changes, next: more ? rows[rows.length - 1].email : null }
}

/**
 * Sites with leads still on an older model version (for the cron to start a rescore job where none runs).
 * @example
 * const sites = await sitesNeedingRescore(env.DB) // [{ id, modelVersion }]
 */
export async function sitesNeedingRescore(d1: D1Database, limit = 5): Promise<{ id: string; modelVersion: number }[]> {
  const r = await d1
    .prepare(
      `select s.id, s.model_version as v from sites s
       where s.deleted_at is null and exists (select 1 from leads l where l.site_id = s.id and l.model_version != s.model_version) limit ?1`,
    )
    .bind(limit)
    .all<{ id: string; v: number }>()
  return r.results.map((x) => ({ id: x.id, modelVersion: x.v }))
}

/**
 * How many leads the site has (a dry run's total).
 * @example
 * const total = await countLeads(env.DB, siteId)
 */
export async function countLeads(d1: D1Database, siteId: string): Promise<number> {
  const r = await d1.prepare('select count(*) as n from leads where site_id = ?1').bind(siteId).first<{ n: number }>()
  return r?.n ?? 0
}
