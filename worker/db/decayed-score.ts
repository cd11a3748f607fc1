/**
 * The lead's score decayed to `now`, computed inside D1 — so lists can be filtered and ordered by the
 * score a marketer sees, not by the score as of the lead's last write (a lead that scored 150 a year ago
 * would otherwise sit above today's 90).
 *
 * It mirrors the scoring engine's `evaluate` (worker/scoring/caps.ts) step by step on the stored
 * DecayState: each group's anchored sum × 2^(-(now − anchor)/halfLife), clamped to the group's bounds,
 * summed, clamped to the engagement limit and rounded; plus the fit (rounded); clamped to the total limit
 * and rounded. D1 has SQLite's math functions (`pow`, `floor`); the test
 * test/integration/api/decayed-score.test.ts checks this mirror against `currentScores` on random states,
 * so a change to the engine that this file misses fails there. Rows without a state use the stored score.
 */
import { type SQL, sql } from 'drizzle-orm'
import { leads } from '../../schema/tables'
import type { Model } from '../scoring'
import { DAY_MS } from '../scoring/time'

// Bounds that never bind: stand-ins for a group without min or max.
const HUGE = 1e300

/** Finite number or a 400-free fallback: model numbers are validated, this only guards the SQL text. */
const num = (x: number | undefined, fallback: number) => (typeof x === 'number' && Number.isFinite(x) ? x : fallback)

/**
 * SQL for the lead's integer score at `now` (same value as `currentScores(state, model, now).score`, up to
 * floating-point ties at .5 that cannot be reproduced bit for bit across two math libraries).
 * @example
 * db.select({ id: leads.id, s: decayedScoreSql(model, now) }).from(leads).orderBy(desc(decayedScoreSql(model, now)))
 */
export function decayedScoreSql(model: Model, now: number): SQL<number> {
  const bounds: Record<string, [number, number]> = {}
  for (const [g, b] of Object.entries(model.groups)) bounds[g] = [num(b.min, -HUGE), num(b.max, HUGE)]
  const e = model.limits.engagement
  const t = model.limits.total
  const hl = model.halfLifeDays * DAY_MS
  const state = leads.scoreState
  const anchor = sql`json_extract(${state}, '$.anchor')`
  const factor = sql`(case when ${anchor} is null then 0.0 when ${now} > ${anchor} then pow(2.0, (${anchor} - ${now}) / ${hl}) else 1.0 end)`
  const groups = sql`coalesce((select total(min(max(g.value * ${factor}, coalesce(json_extract(b.value, '$[0]'), ${-HUGE})), coalesce(json_extract(b.value, '$[1]'), ${HUGE})))
    from json_each(${state}, '$.groups') g left join json_each(${JSON.stringify(bounds)}) b on b.key = g.key), 0.0)`
  const engagement = sql`floor(min(max(${groups}, ${num(e.min, -HUGE)}), ${num(e.max, HUGE)}) + 0.5)`
  const fit = sql`floor(coalesce(json_extract(${state}, '$.fit'), 0.0) + 0.5)`
  return sql<number>`(case when ${state} is null or json_valid(${state}) = 0 then ${leads.score}
    else floor(min(max(${engagement} + ${fit}, ${num(t.min, -HUGE)}), ${num(t.max, HUGE)}) + 0.5) end)`.mapWith(Number)
}
