/**
 * The pure scoring engine's speed in Node, on the same realistic sessions the ingest load sends. The
 * bench bundles this file with esbuild (Node 20 cannot import TypeScript) and calls it; it reads the
 * clock only to time itself, and passes every `now` explicitly to the engine.
 */
import { extractIdentity, normaliseEvents } from '../../worker/ingest/normalise'
import { DEFAULT_MODEL, scoreHistory } from '../../worker/scoring'
import type { Profile, ScoringEvent } from '../../worker/scoring/types'
import { JOURNEY_EVENTS, journey, seeded } from './traffic.mjs'

const DAY = 86_400_000

/** One ingest request's worth of a lead's history: its time and its new events. */
export interface HistoryBatch {
  now: number
  events: ScoringEvent[]
}

/**
 * A lead's history as ingest receives it: `sessions` visits of one person spread over 29 days
 * (identified in the first), cut into batches of `batchSize` events as the snippet sends them.
 * Events go through the Worker's own normaliser, so they are exactly what ingest scores.
 * @example
 * const h = leadHistory({ sessions: 15, end: Date.parse('2026-11-01T12:00:00Z') })
 * h.batches.length // 30
 */
export function leadHistory({ sessions, end, batchSize = 10, seed = 1 }: { sessions: number; end: number; batchSize?: number; seed?: number }) {
  const rnd = seeded(seed)
  const batches: HistoryBatch[] = []
  let profile: Profile = {}
  for (let s = 0; s < sessions; s++) {
    const sessionEnd = end - Math.round(((sessions - 1 - s) / Math.max(1, sessions)) * 29 * DAY)
    const wire = journey(rnd, { end: sessionEnd, session: s, email: s === 0 ? 'ana@acme1.io' : null })
    for (let i = 0; i < wire.length; i += batchSize) {
      const slice = wire.slice(i, i + batchSize)
      const now = slice[slice.length - 1].ts
      const { events } = normaliseEvents({ s: 'demo', v: 'bench', e: slice }, now)
      const id = extractIdentity(events)
      if (id.email) profile = { ...profile, email: id.email, ...id.profile }
      batches.push({ now, events: events.map(({ eid, ...e }) => ({ ...e, id: `vi_bench:${eid}` })) })
    }
  }
  return { batches, profile }
}

/** What one timed run measured. */
export interface ScoringFigures {
  /** events passed through `scoreHistory` per second (each call scores the whole history so far), best slice */
  eventsPerSec: number
  /** the same, median slice: how far other work on the machine pulled it down */
  medianEventsPerSec: number
  /** ingest requests' worth of scoring per second on this replay */
  callsPerSec: number
  historyEvents: number
  replays: number
  /** µs per `scoreHistory` call by history length (best slice) */
  perCallUs: Record<string, number>
}

/**
 * Runs `fn` (which returns how much work it did) repeatedly in `slices` slices of `sliceMs` each and
 * returns the best and the median rate per second over the slices. On a shared machine the best slice
 * is the one other work disturbed least, so it is the figure of record (as in most CPU benchmarks).
 * @example
 * rateOverSlices(() => 1, { slices: 5, sliceMs: 100 }) // { best, median, runs }
 */
export function rateOverSlices(fn: () => number, { slices, sliceMs }: { slices: number; sliceMs: number }): { best: number; median: number; runs: number } {
  fn() // warm-up: let V8 optimise before timing
  const rates: number[] = []
  let runs = 0
  for (let s = 0; s < slices; s++) {
    let work = 0
    let n = 0
    const t0 = performance.now()
    while ((performance.now() - t0 < sliceMs || n < 2) && n < 100_000) {
      work += fn()
      n++
    }
    rates.push(work / ((performance.now() - t0) / 1000))
    runs += n
  }
  rates.sort((a, b) => a - b)
  return { best: rates[rates.length - 1], median: rates[Math.floor(rates.length / 2)], runs }
}

/**
 * Replays a 15-session, 300-event lead history batch by batch, re-scoring the whole history at each
 * batch (what ingest does), for about `minMs`; then times single calls at larger histories up to the
 * 5,000 events ingest reads at most.
 * @example
 * const f = runScoringBench({ minMs: 2000, end: Date.now() })
 * f.eventsPerSec // e.g. 2e5
 */
export function runScoringBench({ minMs = 2_000, end }: { minMs?: number; end: number }): ScoringFigures {
  const { batches, profile } = leadHistory({ sessions: 15, end })
  const replay = () => {
    const history: ScoringEvent[] = []
    let scored = 0
    for (const b of batches) {
      history.push(...b.events)
      scoreHistory({ events: history, profile, model: DEFAULT_MODEL, now: b.now })
      scored += history.length
    }
    return scored
  }
  const scored = replay()
  const main = rateOverSlices(replay, { slices: 10, sliceMs: minMs / 10 })

  const perCallUs: Record<string, number> = {}
  for (const n of [10, 100, 1000, 5000]) {
    const h = leadHistory({ sessions: Math.ceil(n / JOURNEY_EVENTS), end, seed: n })
    const events = h.batches.flatMap((b) => b.events).slice(-n)
    const input = { events, profile: h.profile, model: DEFAULT_MODEL, now: end }
    const once = () => {
      scoreHistory(input)
      return 1
    }
    const { best } = rateOverSlices(once, { slices: 10, sliceMs: minMs / 20 })
    perCallUs[n] = 1e6 / best
  }
  return {
    eventsPerSec: main.best,
    medianEventsPerSec: main.median,
    callsPerSec: (main.best / scored) * batches.length,
    historyEvents: batches.reduce((n, b) => n + b.events.length, 0),
    replays: main.runs,
    perCallUs,
  }
}
