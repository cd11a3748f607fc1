/**
 * The sales funnel of one site over the leads first seen in a window: how many reached each stage,
 * the conversion between the steps, how fast sales accept, SLA breaches, why leads were disqualified,
 * and the win rate per score band. Aggregated in D1 (four queries, one batch), so the answer does not
 * grow with the number of leads.
 */
import type { Db } from './client'

/** Score bands of the win-rate table: [min, max) on the lead's stored score. */
export const SCORE_BANDS: readonly { band: string; min: number; max: number | null }[] = [
  { band: '<50', min: Number.NEGATIVE_INFINITY, max: 50 },
  { band: '50-99', min: 50, max: 100 },
  { band: '100-169', min: 100, max: 170 },
  { band: '170-249', min: 170, max: 250 },
  { band: '250+', min: 250, max: null },
]

export interface Funnel {
  since: string
  until: string
  reached: { known: number; mql: number; sql: number; accepted: number; disqualified: number; recycled: number; won: number; lost: number }
  conversion: { knownToMql: number | null; mqlToSql: number | null; sqlToAccepted: number | null; acceptedToWon: number | null }
  medianHoursToAccept: number | null
  slaBreaches: number
  disqualificationReasons: { reason: string; count: number }[]
  winRateByScoreBand: { band: string; withOutcome: number; won: number; winRate: number | null }[]
}

const COHORT = 'select id, score, outcome, mql_at, sql_at from leads where site_id = ?1 and first_seen_at >= ?2 and first_seen_at < ?3'
const reached = (stage: string) => `exists (select 1 from stage_transitions t where t.lead_id = c.id and t.to_stage = '${stage}')`

const COUNTS = `with c as (${COHORT}) select
  count(*) as known,
  sum(c.mql_at is not null) as mql,
  sum(c.sql_at is not null) as sql,
  sum(${reached('accepted')}) as accepted,
  sum(${reached('disqualified')}) as disqualified,
  sum(${reached('recycled')}) as recycled,
  sum(c.outcome = 'won') as won,
  sum(c.outcome = 'won' and ${reached('accepted')}) as won_accepted,
  sum(c.outcome = 'lost') as lost,
  sum(exists (select 1 from alerts a where a.lead_id = c.id and a.transition_id like '%.sla')) as sla_breaches
  from c`

// time to accept: the first acceptance, from the alert of the SQL transition just before it (sales
// cannot answer before they are told, and the transition may be dated earlier by late-sent events),
// or from the transition itself when it had no alert (an alert is never older than its transition)
const ACCEPT_WAITS = `with c as (${COHORT}), acc as (
  select c.id, (select min(t.at) from stage_transitions t where t.lead_id = c.id and t.to_stage = 'accepted') as at from c),
  s as (select acc.at, t.at as sql_at, (select min(a.created_at) from alerts a where a.transition_id = t.id) as alerted_at
    from acc join stage_transitions t on t.id = (select t2.id from stage_transitions t2 where t2.lead_id = acc.id and t2.to_stage = 'sql' and t2.at <= acc.at order by t2.at desc limit 1))
  select s.at - min(s.at, max(s.sql_at, coalesce(s.alerted_at, s.sql_at))) as wait
  from s order by wait`

const REASONS = `with c as (${COHORT}) select coalesce(t.reason, 'unspecified') as reason, count(*) as count
  from stage_transitions t join c on c.id = t.lead_id where t.to_stage = 'disqualified'
  group by 1 order by count desc, reason`

const BANDS = `with c as (${COHORT}) select case ${SCORE_BANDS.map((b, i) => (b.max === null ? `else ${i}` : `when c.score < ${b.max} then ${i}`)).join(' ')} end as band,
  count(*) as with_outcome, sum(c.outcome = 'won') as won
  from c where c.outcome is not null group by 1`

const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null)

/**
 * The funnel of the leads of `siteId` first seen in [since, until).
 * @example
 * const f = await siteFunnel(db, siteId, Date.parse('2026-01-01'), Date.now())
 * f.conversion.mqlToSql // 0.25
 */
export async function siteFunnel(db: Db, siteId: string, since: number, until: number): Promise<Funnel> {
  const d1 = db.$client
  const q = (sql: string) => d1.prepare(sql).bind(siteId, since, until)
  const [counts, waits, reasons, bands] = await d1.batch<Record<string, number | string | null>>([q(COUNTS), q(ACCEPT_WAITS), q(REASONS), q(BANDS)])
  const c = counts.results[0] ?? {}
  const n = (k: string) => Number(c[k] ?? 0)
  const r = { known: n('known'), mql: n('mql'), sql: n('sql'), accepted: n('accepted'), disqualified: n('disqualified'), recycled: n('recycled'), won: n('won'), lost: n('lost') }
  // a lead accepted without ever being SQL has no wait (null), which is not a wait of 0
  const w = waits.results.filter((x) => x.wait !== null && x.wait !== undefined).map((x) => Number(x.wait)).filter((x) => Number.isFinite(x))
  const byBand = new Map(bands.results.map((b) => [Number(b.band), b]))
  return {
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    reached: r,
    conversion: { knownToMql: rate(r.mql, r.known), mqlToSql: rate(r.sql, r.mql), sqlToAccepted: rate(r.accepted, r.sql), acceptedToWon: rate(n('won_accepted'), r.accepted) },
    medianHoursToAccept: w.length ? Math.round((median(w) / 3_600_000) * 100) / 100 : null,
    slaBreaches: n('sla_breaches'),
    disqualificationReasons: reasons.results.map((x) => ({ reason: String(x.reason), count: Number(x.count) })),
    winRateByScoreBand: SCORE_BANDS.map((b, i) => {
      const row = byBand.get(i)
      const withOutcome = Number(row?.with_outcome ?? 0)
      const won = Number(row?.won ?? 0)
      return { band: b.band, withOutcome, won, winRate: rate(won, withOutcome) }
    }),
  }
}

function median(sorted: number[]): number {
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
