/**
 * Behaviour rules → hits. A hit is "rule R awarded P raw points at event E". Hits depend only on the prepared
 * (sorted) history, never on `now`: time enters later, through decay. That is what lets a stored state be
 * read exactly at any later instant.
 */
import type { BehaviourRule, Frequency, Model } from './model'
import { matches } from './patterns'
import { engagedSeconds, type PreparedEvent } from './prepare'
import { DAY_MS } from './time'

/**
 * Points awarded by one rule at one instant.
 * @example
 * const h: Hit = { rule: 'pricing-view', group: 'intent', raw: 5, eventId: 'e1', at: 0, order: 4 }
 */
export interface Hit {
  rule: string
  group: string
  raw: number
  eventId: string
  at: number
  detail?: string
  /** rule index in the model: a tie-breaker for a deterministic order */
  order: number
  /** position of the event in the prepared history (absent only for hits made outside behaviourHits) */
  seq?: number
}

/**
 * Admission control for a rule's frequency: call with each candidate hit time, in time order.
 * @example
 * const allow = limiter({ mode: 'window', max: 1, days: 1 })
 * allow(0) // true
 * allow(1000) // false (same day)
 */
export function limiter(f: Frequency): (at: number) => boolean {
  if (f.mode === 'each') return () => true
  const times: number[] = []
  let head = 0
  return (at) => {
    if (f.mode === 'once') {
      if (times.length) return false
      times.push(at)
      return true
    }
    const from = at - f.days * DAY_MS
    while (head < times.length && times[head] <= from) head++
    if (times.length - head >= f.max) return false
    times.push(at)
    return true
  }
}

type Matchable = Extract<BehaviourRule, { kind: 'event' | 'repeat' | 'engaged' }>

/**
 * Whether an event satisfies a rule's event conditions (type, path, pricing, name, exclude, props).
 * @example
 * eventMatches({ kind: 'event', types: ['page_view'], path: '^/pricing' } as never, { type: 'page_view', path: '/pricing' } as never, model)
 */
export function eventMatches(rule: Matchable, e: PreparedEvent, model: Model): boolean {
  const types: readonly string[] = rule.kind === 'engaged' ? ['engaged'] : rule.types
  if (!types.includes(e.type)) return false
  if (rule.path !== undefined && !matches(rule.path, e.path)) return false
  if (rule.onPricing && !model.pricingPatterns.some((p) => matches(p, e.path))) return false
  if (rule.exclude !== undefined && (matches(rule.exclude, e.path) || matches(rule.exclude, e.name))) return false
  if (rule.kind === 'engaged') return true
  if (rule.name !== undefined && !matches(rule.name, e.name)) return false
  if (rule.props) {
    for (const [key, pattern] of Object.entries(rule.props)) {
      const v = e.props?.[key]
      if (v === undefined || !matches(pattern, String(v))) return false
    }
  }
  return true
}

/**
 * An event hit's detail: what the event was about.
 * @example
 * describeEvent({ type: 'download', name: '/files/a.pdf', path: '/resources' } as never) // '/files/a.pdf'
 */
export function describeEvent(e: PreparedEvent): string | undefined {
  return e.type === 'custom' || e.type === 'download' ? (e.name ?? e.path) : (e.path ?? e.name)
}

function eventRuleHits(rule: Extract<BehaviourRule, { kind: 'event' }>, order: number, events: PreparedEvent[], model: Model): Hit[] {
  const allow = limiter(rule.frequency)
  const out: Hit[] = []
  for (const e of events) {
    if (!eventMatches(rule, e, model) || !allow(e.at)) continue
    out.push({ rule: rule.id, group: rule.group, raw: rule.points, eventId: e.id, at: e.at, detail: describeEvent(e), order, seq: e.index })
  }
  return out
}

function repeatRuleHits(rule: Extract<BehaviourRule, { kind: 'repeat' }>, order: number, events: PreparedEvent[], model: Model): Hit[] {
  const allow = limiter(rule.frequency)
  const span = rule.withinDays * DAY_MS
  const window: { at: number; unit: number }[] = []
  const perUnit = new Map<number, number>()
  let head = 0
  const out: Hit[] = []
  events.forEach((e, index) => {
    if (!eventMatches(rule, e, model)) return
    // an identify has no visit: it is its own unit
    const unit = rule.distinct === 'event' || e.session < 0 ? -1 - index : e.session
    window.push({ at: e.at, unit })
    perUnit.set(unit, (perUnit.get(unit) ?? 0) + 1)
    while (head < window.length && window[head].at <= e.at - span) {
      const old = window[head++]
      const left = (perUnit.get(old.unit) ?? 1) - 1
      if (left === 0) perUnit.delete(old.unit)
      else perUnit.set(old.unit, left)
    }
    const units = perUnit.size
    if (units < rule.count || !allow(e.at)) return
    out.push({
      rule: rule.id,
      group: rule.group,
      raw: rule.points,
      eventId: e.id,
      at: e.at,
      detail: repeatDetail(rule),
      order,
      seq: e.index,
    })
  })
  return out
}

/**
 * A repeat hit's detail. It names the count reached, not how far past it the window went: incremental
 * scoring keeps only the newest `count` units of a window (enough to know the count is reached), so
 * both ways of scoring can say no more.
 * @example
 * repeatDetail({ count: 3, withinDays: 7, distinct: 'event' } as never) // '3 times in 7 d'
 */
export function repeatDetail(rule: Extract<BehaviourRule, { kind: 'repeat' }>): string {
  return `${rule.count} ${rule.distinct === 'event' ? 'times' : 'visits'} in ${rule.withinDays} d`
}

function engagedRuleHits(rule: Extract<BehaviourRule, { kind: 'engaged' }>, order: number, events: PreparedEvent[], model: Model): Hit[] {
  const allow = limiter(rule.frequency)
  let total = 0
  const out: Hit[] = []
  for (const e of events) {
    if (!eventMatches(rule, e, model)) continue
    const s = engagedSeconds(e)
    if (s === 0) continue
    const before = Math.floor(total / rule.perSeconds)
    total += s
    const chunks = Math.floor(total / rule.perSeconds) - before
    if (chunks === 0 || !allow(e.at)) continue
    const detail = engagedDetail(rule, chunks, e, total)
    out.push({ rule: rule.id, group: rule.group, raw: chunks * rule.points, eventId: e.id, at: e.at, detail, order, seq: e.index })
  }
  return out
}

/**
 * An engaged-time hit's detail.
 * @example
 * engagedDetail({ perSeconds: 30 } as never, 2, { path: '/pricing' } as never, 75) // '60 s engaged on /pricing (75 s in all)'
 */
export function engagedDetail(rule: Extract<BehaviourRule, { kind: 'engaged' }>, chunks: number, e: PreparedEvent, total: number): string {
  return `${chunks * rule.perSeconds} s engaged on ${e.path ?? 'a page'} (${Math.round(total)} s in all)`
}

/**
 * A session hit's detail.
 * @example
 * visitDetail(1) // 'visit of 1 page view'
 */
export function visitDetail(views: number): string {
  return `visit of ${views} page view${views === 1 ? '' : 's'}`
}

function sessionRuleHits(rule: Extract<BehaviourRule, { kind: 'session' }>, order: number, events: PreparedEvent[]): Hit[] {
  const allow = limiter(rule.frequency)
  const sessions: PreparedEvent[][] = []
  for (const e of events) {
    if (e.session < 0) continue
    if (!sessions[e.session]) sessions[e.session] = []
    sessions[e.session].push(e)
  }
  const out: Hit[] = []
  for (const visit of sessions) {
    if (!visit) continue
    const views = visit.filter((e) => e.type === 'page_view')
    if (rule.minPageViews !== undefined && views.length < rule.minPageViews) continue
    if (rule.allPaths !== undefined) {
      const all = rule.allPaths
      if (views.length === 0 || !views.every((v) => matches(all, v.path))) continue
    }
    if (rule.anyPath !== undefined) {
      const any = rule.anyPath
      if (!views.some((v) => matches(any, v.path))) continue
    }
    const first = visit[0]
    if (!allow(first.at)) continue
    const detail = visitDetail(views.length)
    out.push({ rule: rule.id, group: rule.group, raw: rule.points, eventId: first.id, at: first.at, detail, order, seq: first.index })
  }
  return out
}

/**
 * Every behaviour hit of a prepared history, sorted by (at, eventId, rule order).
 * @example
 * const hits = behaviourHits(prepareEvents(events, now, 30), DEFAULT_MODEL)
 */
export function behaviourHits(events: PreparedEvent[], model: Model): Hit[] {
  const hits: Hit[] = []
  model.behaviour.forEach((rule, order) => {
    // zero-point rules still produce hits: their counts are calibration features
    const found =
      rule.kind === 'event'
        ? eventRuleHits(rule, order, events, model)
        : rule.kind === 'repeat'
          ? repeatRuleHits(rule, order, events, model)
          : rule.kind === 'engaged'
            ? engagedRuleHits(rule, order, events, model)
            : sessionRuleHits(rule, order, events)
    for (const h of found) hits.push(h)
  })
  // prepared events are already in (at, id) order, so their index orders hits the same way, on numbers
  hits.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0) || a.order - b.order)
  return hits
}
