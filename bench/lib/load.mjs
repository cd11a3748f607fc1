// One load phase: autocannon drives `POST /e` with a feed of realistic batches for a fixed time and
// counts what the Worker says it stored (`accepted` in its 202 answer), not just what was sent.
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'

/** A desktop Chrome user agent: `isbot` lets it through, so events are really stored. */
export const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

/**
 * Runs one phase against `base` for `seconds` with `connections` concurrent clients. Only responses
 * that complete after the first `skipSeconds` count (the ramp-up, while the first requests are still
 * in flight, is not the steady state), so short phases can alternate quickly between Workers.
 * Returns events/s (stored events only), requests/s, status counts and the counted response times (ms).
 * @example
 * const r = await runPhase({ base, feed, seconds: 4, skipSeconds: 1, connections: 8, origin: 'http://localhost' })
 * r.eventsPerSec // e.g. 1234
 * `rate` > 0 sends that many requests/s in all (open-ended load at a fixed pace) instead of a closed loop.
 */
export async function runPhase({ base, feed, seconds, skipSeconds = 0, connections, origin, rate = 0 }) {
  let accepted = 0
  let duplicates = 0
  let dropped = 0
  const latencies = []
  const statuses = {} // every response, for the health check
  let counted = 0 // responses inside the measured window
  let from = Number.POSITIVE_INFINITY
  const opts = {
    url: base,
    connections,
    duration: seconds,
    timeout: 10,
    // requests/s over all connections, for fixed-rate drills (absent: as fast as the Worker answers)
    ...(rate > 0 ? { overallRate: rate } : {}),
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin, 'user-agent': BROWSER_UA },
    requests: [
      {
        method: 'POST',
        path: '/e',
        setupRequest: (req) => {
          const body = feed.next()
          const ip = feed.lastIp
          return { ...req, body, headers: ip ? { ...req.headers, 'cf-connecting-ip': ip } : req.headers }
        },
        onResponse: (status, body) => {
          statuses[status] = (statuses[status] ?? 0) + 1
          if (performance.now() < from) return
          counted++
          if (status !== 202) return
          try {
            const j = JSON.parse(body)
            accepted += j.accepted ?? 0
            duplicates += j.duplicates ?? 0
            dropped += j.dropped ?? 0
          } catch {}
        },
      },
    ],
  }
  const t0 = performance.now()
  from = t0 + skipSeconds * 1000
  const result = await new Promise((ok, fail) => {
    const inst = autocannon(opts, (err, res) => (err ? fail(err) : ok(res)))
    inst.on('response', (_client, _status, _bytes, ms) => {
      if (performance.now() >= from) latencies.push(ms)
    })
  })
  const window = Math.max(0.001, (performance.now() - from) / 1000)
  return {
    seconds: window,
    batchSize: feed.batchSize,
    /** every response of the phase (ramp-up included), for the health check */
    requests: Object.values(statuses).reduce((a, b) => a + b, 0),
    counted,
    accepted,
    duplicates,
    /** events answered as too old or over a budget: not stored */
    dropped,
    eventsPerSec: accepted / window,
    requestsPerSec: counted / window,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    latencies,
  }
}

/**
 * Throws unless a phase stored (nearly) every event it sent: a bench of 4xx answers would measure
 * the wrong path. Up to 0.5% of requests may fail (e.g. a 503 on a lost write race).
 */
export function assertHealthy(label, r) {
  const ok = r.statuses[202] ?? 0
  const bad = r.requests - ok + r.errors
  if (ok === 0 || bad > Math.max(2, r.requests * 0.005)) {
    throw new Error(`${label}: ${ok} of ${r.requests} requests stored (statuses ${JSON.stringify(r.statuses)}, errors ${r.errors})`)
  }
  if (r.duplicates > 0) throw new Error(`${label}: ${r.duplicates} events counted as duplicates; the feed must send each event once`)
}
