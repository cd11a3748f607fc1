/**
 * Incremental scoring: a lead's new score from its stored ScoringState and only the events of a batch,
 * equal to `scoreHistory` of the whole history at the same `now` (score, grades, hand-raise, breakdown,
 * DecayState), at a cost that does not grow with the history. Pure: no I/O, no clock.
 */
import { evaluate, fitTotals } from './caps'
import { explain, type RuleList } from './explain'
import { fitHits } from './fit'
import { cloneState, type FallbackReason, initialState, modelFingerprint, type ScoringState } from './incremental-state'
import { closeVisit, emitter, foldEvents } from './incremental-step'
import type { Model } from './model'
import { compareEvents } from './prepare'
import type { DecayState, Profile, ScoreResult, ScoringEvent } from './types'

/**
 * What incremental scoring returns: `scoreHistory`'s result without the calibration features.
 * @example
 * const r: IncrementalResult = out.result
 */
export type IncrementalResult = Omit<ScoreResult, 'features'>

/**
 * An applied increment (the result and the state to store), or why it could not be applied.
 * @example
 * const out = scoreIncrement(prev, batch, profile, model, now)
 * if (!out.ok) console.log(out.reason) // then read the history and call scoreFresh
 */
export type IncrementOutcome = { ok: true; result: IncrementalResult; state: ScoringState } | { ok: false; reason: FallbackReason }

/** Events that can count (finite time, string id), sorted, first of each id kept. */
function usable(events: readonly ScoringEvent[]): ScoringEvent[] {
  const kept = events.filter((e) => Number.isFinite(e.at) && typeof e.id === 'string').sort(compareEvents)
  const seen = new Set<string>()
  return kept.filter((e) => !seen.has(e.id) && seen.add(e.id))
}

/**
 * Scores a batch on top of a stored state. The batch must hold only events the state has not seen
 * (ingest drops re-sent ones first); within it, order does not matter. Falls back (`ok: false`) when the
 * state is missing or made with another model, when an event is older than the newest folded one, or
 * when a future event left out earlier is now due: then score the whole history with `scoreFresh`.
 * @example
 * const out = scoreIncrement(parseScoringState(row.scoringState), batch, profile, model, now)
 * const { result, state } = out.ok ? out : scoreFresh(history, profile, model, now)
 */
export function scoreIncrement(prev: ScoringState | null, events: readonly ScoringEvent[], profile: Profile, model: Model, now: number): IncrementOutcome {
  if (!Number.isFinite(now)) throw new RangeError('now must be a finite number of ms')
  if (!prev || prev.rules.length !== model.behaviour.length) return { ok: false, reason: 'state' }
  if (prev.model !== modelFingerprint(model)) return { ok: false, reason: 'model' }
  if ((prev.future !== null && prev.future <= now) || (prev.last !== null && prev.last.at > now)) return { ok: false, reason: 'time' }
  const batch = usable(events).filter((e) => !(prev.last && e.id === prev.last.id))
  const due = batch.filter((e) => e.at <= now)
  const last = prev.last
  if (last && due.length && (due[0].at < last.at || (due[0].at === last.at && due[0].id < last.id))) return { ok: false, reason: 'order' }
  const state = cloneState(prev)
  foldEvents(state, due, model)
  for (const e of batch) if (e.at > now && (state.future === null || e.at < state.future)) state.future = e.at
  state.at = now
  return { ok: true, result: resultOf(state, profile, model, now), state }
}

/**
 * Scores a whole history (any order) and builds its state: the fallback of `scoreIncrement`, and the
 * first scoring of a lead. Equal to `scoreHistory` at the same `now`.
 * @example
 * const { result, state } = scoreFresh(history, profile, model, now)
 */
export function scoreFresh(events: readonly ScoringEvent[], profile: Profile, model: Model, now: number): { result: IncrementalResult; state: ScoringState } {
  if (!Number.isFinite(now)) throw new RangeError('now must be a finite number of ms')
  const state = initialState(model)
  const all = usable(events)
  foldEvents(
    state,
    all.filter((e) => e.at <= now),
    model,
  )
  for (const e of all) if (e.at > now && (state.future === null || e.at < state.future)) state.future = e.at
  state.at = now
  return { result: resultOf(state, profile, model, now), state }
}

/** The result at `now`: the open visit's session points added on a copy, then caps, fit and breakdown. */
function resultOf(state: ScoringState, profile: Profile, model: Model, now: number): IncrementalResult {
  const read = state.open ? cloneState(state) : state
  if (read.open) closeVisit(read, model, emitter(read, model))
  const fit = fitHits(profile ?? {}, model)
  const totals = fitTotals(fit.hits, model)
  const decay: DecayState = { v: 1, at: now, anchor: read.decay.anchor, groups: { ...read.decay.groups }, fit: totals.total }
  const ev = evaluate(decay, model, now)
  const lists: RuleList[] = []
  model.behaviour.forEach((rule, order) => {
    const r = read.rules[order]
    if (r.recent.length || r.older) lists.push({ rule: rule.id, group: rule.group, recent: r.recent, older: r.older })
  })
  return {
    engagementScore: ev.engagementScore,
    fitScore: ev.fitScore,
    score: ev.score,
    grade: ev.grade,
    handRaise: state.handRaise.latest,
    breakdown: explain(lists, fit.hits, totals, ev, model, now),
    state: decay,
    lastActivityAt: state.last?.at ?? null,
  }
}
