/**
 * Normalises a history before any rule sees it: drops future and malformed events, sorts by (at, id),
 * removes duplicate ids and assigns visits (sessions). Every later step depends only on this order, which is
 * what makes scoring independent of the order events arrived in.
 */
import type { ScoringEvent } from './types'

/**
 * An event plus its visit number (-1: not part of a visit, i.e. `identify`) and its position in the order.
 * @example
 * const e: PreparedEvent = { id: 'a', type: 'page_view', at: 0, path: '/', session: 0, index: 0 }
 */
export interface PreparedEvent extends ScoringEvent {
  session: number
  /** index in the prepared (sorted) history: a cheap, total order key */
  index?: number
}

/**
 * Longest engaged time one event may claim (a day); the wire value is client-made.
 * @example
 * engagedSeconds({ id: 'x', type: 'engaged', at: 0, seconds: 1e9 }) // MAX_ENGAGED_SECONDS
 */
export const MAX_ENGAGED_SECONDS = 86_400

/** The one event order of scoring: (at, id), then content for the same id twice at one time. */
export function compareEvents(a: ScoringEvent, b: ScoringEvent): number {
  if (a.at !== b.at) return a.at - b.at
  if (a.id !== b.id) return a.id < b.id ? -1 : 1
  // same id and time twice: order by content so even this stays deterministic
  const ja = JSON.stringify(a)
  const jb = JSON.stringify(b)
  return ja < jb ? -1 : ja > jb ? 1 : 0
}

/**
 * Events at or before `now`, sorted by (at, id), first of each id kept, with visit numbers.
 * @example
 * prepareEvents([{ id: 'b', type: 'page_view', at: 2, path: '/' }, { id: 'a', type: 'page_view', at: 1, path: '/' }], 10, 30)
 * // → [{ id: 'a', …, session: 0 }, { id: 'b', …, session: 0 }]
 */
export function prepareEvents(events: readonly ScoringEvent[], now: number, sessionGapMinutes: number): PreparedEvent[] {
  const kept = events.filter((e) => Number.isFinite(e.at) && e.at <= now && typeof e.id === 'string')
  kept.sort(compareEvents)
  const gap = sessionGapMinutes * 60_000
  const seen = new Set<string>()
  const out: PreparedEvent[] = []
  let session = -1
  let lastAt = Number.NEGATIVE_INFINITY
  for (const e of kept) {
    if (seen.has(e.id)) continue
    seen.add(e.id)
    if (e.type !== 'identify') {
      if (session < 0 || e.at - lastAt > gap) session++
      lastAt = e.at
    }
    out.push(prepared(e, e.type === 'identify' ? -1 : session, out.length))
  }
  return out
}

/** One object shape for every event (fast property access in the rule loops), absent fields undefined. */
function prepared(e: ScoringEvent, session: number, index: number): PreparedEvent {
  return {
    id: e.id,
    type: e.type,
    at: e.at,
    path: e.path,
    name: e.name,
    seconds: e.seconds,
    props: e.props,
    imported: e.imported,
    session,
    index,
  }
}

/**
 * Engaged seconds an event may claim: finite, ≥ 0, at most a day.
 * @example
 * engagedSeconds({ id: 'x', type: 'engaged', at: 0, seconds: -4 }) // 0
 */
export function engagedSeconds(e: ScoringEvent): number {
  const s = e.type === 'engaged' ? Number(e.seconds) : 0
  if (!Number.isFinite(s) || s <= 0) return 0
  return Math.min(s, MAX_ENGAGED_SECONDS)
}
