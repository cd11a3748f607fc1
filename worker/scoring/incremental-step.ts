/**
 * Folds events into a ScoringState one at a time, in (at, id) order: the behaviour rules of rules.ts
 * restated over bounded aggregates instead of the whole history. Each step does work bounded by the
 * model, so a batch costs O(its events). The property test checks this against `behaviourHits`.
 */
import { addHit } from './decay'
import { pushHit, type RuleList } from './explain'
import { handRaiseRule } from './handraise'
import type { RuleState, ScoringState } from './incremental-state'
import type { Frequency, Model } from './model'
import { matches } from './patterns'
import { engagedSeconds, type PreparedEvent } from './prepare'
import { describeEvent, engagedDetail, eventMatches, repeatDetail, visitDetail } from './rules'
import { DAY_MS } from './time'
import type { ScoringEvent } from './types'

/**
 * `limiter` of rules.ts over the admitted times kept in `lim`: only the newest `max` can still be in a
 * window, and times that left the window never return (times only grow), so they are dropped.
 * @example
 * admit([], { mode: 'window', max: 1, days: 1 }, 0) // true
 */
export function admit(lim: number[], f: Frequency, at: number): boolean {
  if (f.mode === 'each') return true
  if (f.mode === 'once') {
    if (lim.length) return false
    lim.push(at)
    return true
  }
  const from = at - f.days * DAY_MS
  while (lim.length && lim[0] <= from) lim.shift()
  if (lim.length >= f.max) return false
  lim.push(at)
  return true
}

type Emit = (order: number, hit: RuleList['recent'][number]) => void

/**
 * Records a hit: folded into the decayed sums and the rule's breakdown list (zero points: neither).
 * @example
 * emitter(state, model)(0, { eventId: 'a', at: 0, raw: 1 })
 */
export function emitter(state: ScoringState, model: Model): Emit {
  return (order, hit) => {
    if (hit.raw === 0) return
    const rule = model.behaviour[order]
    addHit(state.decay, rule.group, hit.raw, hit.at, model.halfLifeDays)
    pushHit(state.rules[order], hit, model.halfLifeDays)
  }
}

/**
 * Awards the session rules for the open visit (in rule order) and forgets the visit.
 * @example
 * closeVisit(state, model, emitter(state, model))
 */
export function closeVisit(state: ScoringState, model: Model, emit: Emit): void {
  const open = state.open
  if (!open) return
  model.behaviour.forEach((rule, order) => {
    if (rule.kind !== 'session') return
    const r = state.rules[order]
    const ok =
      (rule.minPageViews === undefined || open.views >= rule.minPageViews) &&
      (rule.allPaths === undefined || (open.views > 0 && r.all === true)) &&
      (rule.anyPath === undefined || r.any === true)
    if (ok && admit(limOf(r), rule.frequency, open.at)) {
      emit(order, { eventId: open.id, at: open.at, raw: rule.points, detail: visitDetail(open.views) })
    }
  })
  state.open = null
}

function openVisit(state: ScoringState, model: Model, e: PreparedEvent): void {
  state.open = { id: e.id, at: e.at, seq: e.index ?? 0, views: 0 }
  state.visits++
  model.behaviour.forEach((rule, order) => {
    if (rule.kind !== 'session') return
    const r = state.rules[order]
    if (rule.allPaths !== undefined) r.all = true
    if (rule.anyPath !== undefined) r.any = false
  })
}

/** Page views of the open visit: counted, and checked against the session rules' paths. */
function viewInVisit(state: ScoringState, model: Model, e: PreparedEvent): void {
  if (!state.open || e.type !== 'page_view') return
  state.open.views++
  model.behaviour.forEach((rule, order) => {
    if (rule.kind !== 'session') return
    const r = state.rules[order]
    if (rule.allPaths !== undefined && !matches(rule.allPaths, e.path)) r.all = false
    if (rule.anyPath !== undefined && matches(rule.anyPath, e.path)) r.any = true
  })
}

function eventHits(state: ScoringState, model: Model, e: PreparedEvent, emit: Emit): void {
  model.behaviour.forEach((rule, order) => {
    if (rule.kind === 'session' || !eventMatches(rule, e, model)) return
    const r = state.rules[order]
    if (rule.kind === 'event') {
      if (admit(limOf(r), rule.frequency, e.at)) emit(order, hitAt(e, rule.points, describeEvent(e)))
    } else if (rule.kind === 'repeat') {
      // the newest `count` units by their newest matching event: enough to tell whether `count` is reached
      const unit = rule.distinct === 'event' || e.session < 0 ? -1 - (e.index ?? 0) : e.session
      const units = (r.units ?? []).filter(([u, at]) => u !== unit && at > e.at - rule.withinDays * DAY_MS)
      units.push([unit, e.at])
      if (units.length > rule.count) units.shift()
      r.units = units
      if (units.length >= rule.count && admit(limOf(r), rule.frequency, e.at)) {
        emit(order, hitAt(e, rule.points, repeatDetail(rule)))
      }
    } else {
      const s = engagedSeconds(e)
      if (s === 0) return
      const before = Math.floor((r.total ?? 0) / rule.perSeconds)
      r.total = (r.total ?? 0) + s
      const chunks = Math.floor(r.total / rule.perSeconds) - before
      if (chunks === 0 || !admit(limOf(r), rule.frequency, e.at)) return
      emit(order, hitAt(e, chunks * rule.points, engagedDetail(rule, chunks, e, r.total)))
    }
  })
}

function hitAt(e: PreparedEvent, raw: number, detail: string | undefined): RuleList['recent'][number] {
  const hit: RuleList['recent'][number] = { eventId: e.id, at: e.at, raw }
  if (detail !== undefined) hit.detail = detail
  return hit
}

function limOf(r: RuleState): number[] {
  if (!r.lim) r.lim = []
  return r.lim
}

/**
 * Folds events already sorted by (at, id), each newer than `state.last`, into the state (in place).
 * @example
 * foldEvents(state, sorted, model)
 */
export function foldEvents(state: ScoringState, events: readonly ScoringEvent[], model: Model): void {
  const emit = emitter(state, model)
  const gap = model.sessionGapMinutes * 60_000
  for (const ev of events) {
    let session = -1
    if (ev.type !== 'identify') {
      if (state.visitAt === null || ev.at - state.visitAt > gap) {
        closeVisit(state, model, emit)
        openVisit(state, model, { ...ev, session: state.visits, index: state.n })
      }
      state.visitAt = ev.at
      session = state.visits - 1
    }
    const e: PreparedEvent = { ...ev, session, index: state.n }
    viewInVisit(state, model, e)
    eventHits(state, model, e, emit)
    const raised = handRaiseRule(e, model)
    if (raised) {
      const latest: NonNullable<ScoringState['handRaise']['latest']> = { eventId: e.id, at: e.at, rule: raised }
      if (e.imported) latest.imported = true
      state.handRaise = { latest, count: state.handRaise.count + 1 }
    }
    state.last = { at: e.at, id: e.id }
    state.n++
  }
}
