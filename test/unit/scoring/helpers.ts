/**
 * Builders for scoring tests: readable histories and small models whose numbers are easy to check by hand.
 */
import { DEFAULT_MODEL } from '../../../worker/scoring/default-model'
import { type Model, ModelSchema, type ModelInput } from '../../../worker/scoring/model'
import type { ScoringEvent } from '../../../worker/scoring/types'

export const MIN = 60_000
export const HOUR = 60 * MIN
export const DAY = 24 * HOUR
/** A fixed instant: tests never read the clock. */
export const T0 = Date.parse('2026-10-05T09:00:00Z')

/**
 * A history builder with unique ids and times relative to T0.
 * @example
 * const h = history(); h.pv(0, '/pricing'); h.events
 */
export function history(start = T0) {
  const events: ScoringEvent[] = []
  let n = 0
  const add = (e: Omit<ScoringEvent, 'id'>) => {
    const ev = { id: `e${String(n++).padStart(4, '0')}`, ...e } as ScoringEvent
    events.push(ev)
    return ev
  }
  return {
    events,
    pv: (at: number, path: string) => add({ type: 'page_view', at: start + at, path }),
    engaged: (at: number, path: string, seconds: number) => add({ type: 'engaged', at: start + at, path, seconds }),
    download: (at: number, url: string, path = '/resources') => add({ type: 'download', at: start + at, path, name: url }),
    form: (at: number, name: string | undefined, path: string) => add({ type: 'form_submit', at: start + at, path, name }),
    track: (at: number, name: string, props?: ScoringEvent['props']) => add({ type: 'custom', at: start + at, name, props }),
    identify: (at: number) => add({ type: 'identify', at: start + at }),
  }
}

/**
 * A validated model from a minimal description: no fit, no caps unless given, no decay unless given.
 * @example
 * const m = model({ behaviour: [{ kind: 'event', id: 'pv', group: 'g', types: ['page_view'], points: 1 }] })
 */
export function model(over: Partial<ModelInput> = {}): Model {
  const base: ModelInput = {
    halfLifeDays: 3650,
    sessionGapMinutes: 30,
    thresholds: { mql: 100, sql: 170 },
    pricingPatterns: ['^/pricing'],
    handRaisers: { events: ['demo_requested', 'quote_requested'], formPattern: 'demo|quote|(contact|talk)[-_ ]?(to[-_ ]?)?sales' },
    groups: { g: {}, f: {} },
    behaviour: [],
    fit: [],
    limits: { engagement: { min: -1000, max: 10_000 }, fit: { min: -1000, max: 10_000 }, total: { min: -1000, max: 10_000 } },
    grades: { fit: [40, 20, 5], engagement: [80, 40, 10] },
  }
  return ModelSchema.parse({ ...base, ...over })
}

/** The default model with small caps, so random histories hit every cap often. */
export const TIGHT_MODEL: Model = ModelSchema.parse({
  ...DEFAULT_MODEL,
  groups: Object.fromEntries(
    Object.entries(DEFAULT_MODEL.groups).map(([k, g]) => [k, { ...g, ...(g.max !== undefined ? { max: Math.min(g.max, 6) } : {}), ...(g.min !== undefined ? { min: Math.max(g.min, -7) } : {}) }]),
  ),
  limits: { engagement: { min: -9, max: 25 }, fit: { min: -4, max: 18 }, total: { min: -10, max: 33 } },
})

/** Sum of breakdown points in tenths (integers, so float noise cannot hide a mismatch). */
export function tenths(entries: { points: number }[]): number {
  return entries.reduce((a, e) => a + Math.round(e.points * 10), 0)
}
