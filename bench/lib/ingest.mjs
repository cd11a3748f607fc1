// The ingest comparison: Leadbeacon and the baseline Worker take turns, round after round, with the
// same traffic (same seed, same visitor ids, each in its own D1), so machine noise hits both.
import { assertHealthy, runPhase } from './load.mjs'
import { percentile } from './stats.mjs'
import { createFeed } from './traffic.mjs'

const ORIGIN = 'http://localhost'

/**
 * Warm-up, then `rounds` rounds; in each, both Workers at 10-event and at 1-event batches, the order
 * of the two flipping every round. Returns every phase's result by `<who><batchSize>`.
 * @example
 * const runs = await ingestRounds({ targets: { ours: 'http://127.0.0.1:8801', base: '…' }, siteKey: 'demo', rounds: 3, seconds: 8, connections: 8, log })
 * runs.ours10.length // 3
 */
export async function ingestRounds({ targets, siteKey, rounds, seconds, connections, warmupSeconds = 3, log }) {
  const runs = {}
  for (const who of Object.keys(targets)) {
    // Warm-up: first requests compile the Worker and open D1; they are not what is being measured.
    const feed = createFeed({ siteKey, batchSize: 10, prefix: 'warm', seed: 1 })
    await runPhase({ base: targets[who], feed, seconds: warmupSeconds, connections, origin: ORIGIN })
  }
  for (let r = 1; r <= rounds; r++) {
    const order = r % 2 ? Object.keys(targets) : Object.keys(targets).reverse()
    for (const size of [10, 1]) {
      for (const who of order) {
        const feed = createFeed({ siteKey, batchSize: size, prefix: `b${size}r${r}`, seed: r * 100 + size })
        const res = await runPhase({ base: targets[who], feed, seconds, connections, origin: ORIGIN })
        const key = `${who}${size}`
        assertHealthy(`${key} round ${r}`, res)
        runs[key] ??= []
        runs[key].push({ round: r, ...res })
        log(`  round ${r} ${key.padEnd(7)} ${Math.round(res.eventsPerSec)} events/s, ${Math.round(res.requestsPerSec)} req/s, p50 ${percentile(res.latencies, 50)} ms`)
      }
    }
  }
  return runs
}

/**
 * Pools the rounds of one `<who><batchSize>`: events/s over all of them (stored events ÷ time) and
 * latency percentiles over every response.
 * @example
 * pooled(runs.ours10) // { eventsPerSec, requestsPerSec, p50Ms, p99Ms, requests, perRound: [...] }
 */
export function pooled(phases) {
  const secs = phases.reduce((a, p) => a + p.seconds, 0)
  const latencies = phases.flatMap((p) => p.latencies)
  return {
    eventsPerSec: phases.reduce((a, p) => a + p.accepted, 0) / secs,
    requestsPerSec: phases.reduce((a, p) => a + p.requests, 0) / secs,
    requests: phases.reduce((a, p) => a + p.requests, 0),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    perRound: phases.map((p) => p.eventsPerSec),
  }
}
