// Drill: a fixed request rate for a fixed time (open loop: the load does not slow down when the
// Worker does) — no 5xx allowed; p99 reported.
import { runPhase } from '../lib/load.mjs'
import { percentile } from '../lib/stats.mjs'
import { createFeed } from '../lib/traffic.mjs'

/**
 * @example
 * const s = await steadyDrill({ base: w.url, siteKey: 'demo', seconds: 60, rate: 20 }) // { fiveXx: 0, p99Ms: 180, … }
 */
export async function steadyDrill({ base, siteKey, seconds = 60, rate = 10, connections = 16 }) {
  const feed = createFeed({ siteKey, batchSize: 10, prefix: `steady${Date.now() % 100000}`, seed: 60 })
  const r = await runPhase({ base, feed, seconds, connections, origin: 'http://localhost', rate })
  const fiveXx = Object.entries(r.statuses).reduce((a, [s, c]) => a + (Number(s) >= 500 ? c : 0), 0)
  return {
    fiveXx,
    errors: r.errors + r.timeouts,
    requests: r.requests,
    rate,
    seconds,
    statuses: r.statuses,
    p50Ms: percentile(r.latencies, 50),
    p99Ms: percentile(r.latencies, 99),
    eventsPerSec: r.eventsPerSec,
  }
}
