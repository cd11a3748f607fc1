/**
 * The state incremental scoring keeps per lead (or anonymous visitor): everything the behaviour rules
 * need from the history, as aggregates whose size depends on the model only, never on how many events
 * the history holds. docs/scoring.md ("Incremental scoring") describes each field and the bound.
 */
import type { Anchored } from './decay'
import type { OlderHits, RuleList } from './explain'
import type { Model } from './model'
import type { HandRaise } from './types'

/**
 * Per behaviour rule (same index as `model.behaviour`).
 * @example
 * const r: RuleState = { lim: [1_800_000_000_000], recent: [], older: null }
 */
export interface RuleState {
  /** times the rule's frequency admitted, newest last: at most 1 (`once`) or `max` (`window`) */
  lim?: number[]
  /** repeat rules: [unit, time of its newest matching event], newest last, at most `count` */
  units?: [number, number][]
  /** engaged rules: engaged seconds counted so far */
  total?: number
  /** session rules, for the open visit: all its page views match `allPaths` / one matches `anyPath` */
  all?: boolean
  any?: boolean
  /** the breakdown: newest hits (at most ENTRIES_PER_RULE) and older ones folded */
  recent: RuleList['recent']
  older: OlderHits | null
}

/**
 * The whole state (stored as JSON). `decay` holds the committed decayed sums: everything but the open
 * visit's session-rule points, which are added on a copy when a result is read.
 * @example
 * const s = initialState(DEFAULT_MODEL)
 */
export interface ScoringState {
  v: 1
  /** fingerprint of the model parts the rules depend on; another model means rescoring from scratch */
  model: string
  /** the `now` it was last scored at: equal to the DecayState stored with it, unless another writer rescored */
  at: number | null
  /** events folded in so far (the next event's position in the sorted history) */
  n: number
  /** the newest folded event in (at, id) order: an older one cannot be folded in */
  last: { at: number; id: string } | null
  /** the earliest event seen that was after `now` then (left out; it counts once `now` reaches it) */
  future: number | null
  /** visits started so far */
  visits: number
  /** time of the newest event that belongs to a visit (every type but identify) */
  visitAt: number | null
  /** the visit still open: its first event and page views so far */
  open: { id: string; at: number; seq: number; views: number } | null
  decay: Anchored
  rules: RuleState[]
  handRaise: { latest: HandRaise | null; count: number }
}

/**
 * Why an increment cannot be applied, so the caller scores the whole history instead.
 * @example
 * const r: FallbackReason = 'order'
 */
export type FallbackReason =
  /** no state stored, or not one this code reads */
  | 'state'
  /** the state was made with another model (rules, decay, visits or hand-raisers changed) */
  | 'model'
  /** an event older than the newest folded one (arrived late, or another device's history merged) */
  | 'order'
  /** a left-out future event is now due, or `now` went back before a folded event */
  | 'time'

/**
 * A short, stable hash (cyrb53) of the model fields behaviour scoring depends on. Fit, groups' caps,
 * limits and grades are applied when a result is read, so changing them keeps the state valid.
 * @example
 * modelFingerprint(DEFAULT_MODEL) // e.g. '1c3f9a0b7d2e4'
 */
export function modelFingerprint(model: Model): string {
  let fp = fingerprints.get(model)
  if (fp === undefined) {
    fp = hashModel(model)
    fingerprints.set(model, fp)
  }
  return fp
}

// Models are parsed once per request (or reused), and hashing one is a few microseconds: memoised per object.
const fingerprints = new WeakMap<Model, string>()

function hashModel(model: Model): string {
  const { halfLifeDays, sessionGapMinutes, pricingPatterns, handRaisers, behaviour } = model
  const str = stableJson([halfLifeDays, sessionGapMinutes, pricingPatterns, handRaisers, behaviour])
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < str.length; i++) {
    const c = str.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)
}

/** JSON with object keys sorted, so the same model hashes the same however its keys were ordered. */
function stableJson(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(stableJson).join(',')}]`
  if (typeof x === 'object' && x !== null) {
    const o = x as Record<string, unknown>
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(x)
}

/**
 * The state of an empty history.
 * @example
 * scoreIncrement(initialState(model), events, profile, model, now)
 */
export function initialState(model: Model): ScoringState {
  return {
    v: 1,
    model: modelFingerprint(model),
    at: null,
    n: 0,
    last: null,
    future: null,
    visits: 0,
    visitAt: null,
    open: null,
    decay: { anchor: null, groups: {} },
    rules: model.behaviour.map(() => ({ recent: [], older: null })),
    handRaise: { latest: null, count: 0 },
  }
}

/**
 * The most entries each part of a state can hold under a model, whatever the history's length.
 * @example
 * stateBounds(DEFAULT_MODEL, 20).rules[0] // { lim: 0, units: 0, recent: 20 }
 */
export function stateBounds(model: Model, entriesPerRule: number): { rules: { lim: number; units: number; recent: number }[]; groups: number } {
  return {
    rules: model.behaviour.map((r) => ({
      lim: r.frequency.mode === 'once' ? 1 : r.frequency.mode === 'window' ? r.frequency.max : 0,
      units: r.kind === 'repeat' ? r.count : 0,
      recent: entriesPerRule,
    })),
    groups: new Set(model.behaviour.map((r) => r.group)).size,
  }
}

/**
 * A copy that shares nothing the fold mutates (hit entries and hand-raises are replaced, never changed,
 * so they are shared). Far cheaper than structuredClone on every request.
 * @example
 * const next = cloneState(prev)
 */
export function cloneState(s: ScoringState): ScoringState {
  return {
    ...s,
    last: s.last && { ...s.last },
    open: s.open && { ...s.open },
    decay: { anchor: s.decay.anchor, groups: { ...s.decay.groups } },
    rules: s.rules.map((r) => {
      const c: RuleState = { ...r, recent: r.recent.slice(), older: r.older && { ...r.older, acc: { ...r.older.acc } } }
      if (r.lim) c.lim = r.lim.slice()
      if (r.units) c.units = r.units.map(([u, at]) => [u, at])
      return c
    }),
    handRaise: { ...s.handRaise },
  }
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

/**
 * A stored state (JSON text or parsed), or null when it is not one this code reads (then score from
 * scratch). Checks the shape only: the state is ours, written by this module.
 * @example
 * parseScoringState(row.scoringState) // ScoringState | null
 */
export function parseScoringState(stored: unknown): ScoringState | null {
  let s: unknown = stored
  if (typeof stored === 'string') {
    try {
      s = JSON.parse(stored)
    } catch {
      return null
    }
  }
  if (typeof s !== 'object' || s === null) return null
  const o = s as Partial<ScoringState>
  if (o.v !== 1 || typeof o.model !== 'string' || !isNum(o.n) || !isNum(o.visits) || !Array.isArray(o.rules)) return null
  if (typeof o.decay !== 'object' || o.decay === null || typeof o.handRaise !== 'object' || o.handRaise === null) return null
  if (o.last !== null && (typeof o.last !== 'object' || !isNum(o.last?.at) || typeof o.last?.id !== 'string')) return null
  return o as ScoringState
}
