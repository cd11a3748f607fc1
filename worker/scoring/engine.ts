/**
 * The scoring engine's two entry points. `scoreHistory` scores a whole history at `now` (on ingest and on
 * rescoring); `currentScores` reads a stored DecayState at any later `now` without the history. Both are
 * pure: no I/O, no clock.
 */
import { evaluate, fitTotals } from './caps'
import { anchoredSums } from './decay'
import { explain, ruleLists } from './explain'
import { extractFeatures } from './features'
import { fitHits } from './fit'
import { foldOrder } from './fold-order'
import { findHandRaise } from './handraise'
import type { Model } from './model'
import { prepareEvents } from './prepare'
import { behaviourHits } from './rules'
import type { CurrentScores, DecayState, Profile, ScoreResult, ScoringEvent } from './types'

/**
 * Input of `scoreHistory`.
 * @example
 * const input: ScoreInput = { events: [], profile: {}, model: DEFAULT_MODEL, now: Date.parse('2026-11-01T00:00:00Z') }
 */
export interface ScoreInput {
  /** the lead's events in any order; those after `now` are ignored */
  events: readonly ScoringEvent[]
  profile: Profile
  model: Model
  /** ms since the epoch */
  now: number
}

/**
 * Scores a lead's whole history at `now`: deterministic for a given (events as a set, profile, model, now).
 * @example
 * const r = scoreHistory({
 *   events: [{ id: 'a1', type: 'page_view', at: Date.parse('2026-11-01T10:00:00Z'), path: '/pricing' }],
 *   profile: { email: 'ada@acme.io', title: 'VP Engineering' },
 *   model: DEFAULT_MODEL,
 *   now: Date.parse('2026-11-01T10:05:00Z'),
 * })
 * r.score // e.g. 26; r.breakdown lists every reason; store r.state on the lead row
 */
export function scoreHistory({ events, profile, model, now }: ScoreInput): ScoreResult {
  if (!Number.isFinite(now)) throw new RangeError('now must be a finite number of ms')
  const prepared = prepareEvents(events, now, model.sessionGapMinutes)
  const hits = behaviourHits(prepared, model)
  const fit = fitHits(profile ?? {}, model)
  const totals = fitTotals(fit.hits, model)
  const { anchor, groups } = anchoredSums(foldOrder(hits, prepared, model), model.halfLifeDays)
  const state: DecayState = { v: 1, at: now, anchor, groups, fit: totals.total }
  const ev = evaluate(state, model, now)
  const handRaise = findHandRaise(prepared, model)
  let features: Record<string, number> | undefined
  return {
    engagementScore: ev.engagementScore,
    fitScore: ev.fitScore,
    score: ev.score,
    grade: ev.grade,
    handRaise: handRaise.latest,
    breakdown: explain(ruleLists(hits, model.halfLifeDays), fit.hits, totals, ev, model, now),
    state,
    // Only calibration reads these; ingest scores on every request and never does, so compute on first read.
    get features() {
      features ??= extractFeatures(prepared, hits, fit.matched, handRaise.count, model, now)
      return features
    },
    lastActivityAt: prepared.length ? prepared[prepared.length - 1].at : null,
  }
}

/**
 * Scores of a stored state at `now`, exactly (bit for bit) what `scoreHistory` returns at `now` for the
 * same history and model, provided `now` ≥ `state.at`. Use it wherever a score is read (lists, exports,
 * alerts) so decay is always current, with no nightly job.
 * @example
 * const later = currentScores(lead.state, model, Date.now())
 */
export function currentScores(state: DecayState, model: Model, now: number): CurrentScores {
  const ev = evaluate(state, model, now)
  return { engagementScore: ev.engagementScore, fitScore: ev.fitScore, score: ev.score, grade: ev.grade }
}

/**
 * Reads a stored state — the `score_state` column as drizzle returns it (an object), or its JSON text —
 * checking its shape; null when it is not one. Every reader of a stored state goes through this.
 * @example
 * parseDecayState(JSON.stringify(result.state)) // DecayState
 */
export function parseDecayState(stored: unknown): DecayState | null {
  if (stored === null || stored === undefined || stored === '') return null
  try {
    const s = (typeof stored === 'string' ? JSON.parse(stored) : stored) as DecayState
    const numbers = (o: unknown) =>
      typeof o === 'object' && o !== null && Object.values(o).every((v) => typeof v === 'number' && Number.isFinite(v))
    if (s?.v !== 1 || !Number.isFinite(s.at) || !Number.isFinite(s.fit) || !numbers(s.groups)) return null
    if (s.anchor !== null && !Number.isFinite(s.anchor)) return null
    return { v: 1, at: s.at, anchor: s.anchor, groups: s.groups, fit: s.fit }
  } catch {
    return null
  }
}

/**
 * A stored lead's scores at `now`: decayed exactly from its state, or the stored columns when it has none.
 * @example
 * const { score, grade } = storedScores(row, model, Date.now())
 */
export function storedScores(row: { scoreState: unknown } & CurrentScores, model: Model, now: number): CurrentScores {
  const state = parseDecayState(row.scoreState)
  return state ? currentScores(state, model, now) : { score: row.score, engagementScore: row.engagementScore, fitScore: row.fitScore, grade: row.grade }
}
