// The ingest comparison: Leadbeacon and the baseline Worker take turns, round after round, with the
// same traffic (same seed, same visitor ids, each in its own D1), so machine noise hits both.
import { groupCpuMs } from './cpu-time.mjs'
import { assertHealthy, runPhase } from './load.mjs'
import { percentile } from './stats.mjs'
import { createFeed } from './traffic.mjs'

const ORIGIN = 'http://localhost'

/**
 * Warm-up, then `rounds` rounds; in each, both Workers at 10-event and at 1-event batches, the order
 * of the two flipping every round. Returns every phase's result by `<who><batchSize>`.
 * Short phases alternating often catch the same machine noise; more rounds average it out.
 * @example
 * const runs = await ingestRounds({ targets: { ours: { url: 'http://127.0.0.1:8801', pid }, base: { … } }, siteKey: 'demo', rounds: 8, seconds: 4, connections: 8, log })
 * runs.ours10.length // 8
 */
export async function ingestRounds({ targets, siteKey, rounds, seconds, connections, warmupSeconds = 3, log }) {
  // The first second of a phase (or quarter of a short one) is ramp-up and is not counted.
  const skipSeconds = Math.min(1, seconds / 4)
  const runs = {}
  for (const who of Object.keys(targets)) {
    // Warm-up: first requests compile the Worker and open D1; they are not what is being measured.
    const feed = createFeed({ siteKey, batchSize: 10, prefix: 'warm', seed: 1 })
    await runPhase({ base: targets[who].url, feed, seconds: warmupSeconds, connections, origin: ORIGIN })
  }
  for (let r = 1; r <= rounds; r++) {
    const order = r % 2 ? Object.keys(targets) : Object.keys(targets).reverse()
    for (const size of [10, 1]) {
      for (const who of order) {
        const feed = createFeed({ siteKey, batchSize: size, prefix: `b${size}r${r}`, seed: r * 100 + size })
        const cpu0 = groupCpuMs(targets[who].pid)
        const res = await runPhase({ base: targets[who].url, feed, seconds, skipSeconds, connections, origin: ORIGIN })
        const cpuMs = cpu0 === null ? null : groupCpuMs(targets[who].pid) - cpu0
        const key = `${who}${size}`
        assertHealthy(`${key} round ${r}`, res)
        runs[key] ??= []
        runs[key].push({ round: r, cpuMs, ...res })
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
 * pooled(runs.ours10) // { cpuMsPerRequest, eventsPerSec, requestsPerSec, p50Ms, p99Ms, requests, perRound }
 */
export function pooled(phases) {
  const secs = phases.reduce((a, p) => a + p.seconds, 0)
  const latencies = phases.flatMap((p) => p.latencies)
  const cpu = phases.every((p) => p.cpuMs !== null && p.cpuMs !== undefined) ? phases.reduce((a, p) => a + p.cpuMs, 0) : null
  const all = phases.reduce((a, p) => a + p.requests, 0)
  return {
    /** CPU ms the Worker's processes (runtime and local D1 included) spent per request */
    cpuMsPerRequest: cpu === null ? null : cpu / all,
    eventsPerSec: phases.reduce((a, p) => a + p.accepted, 0) / secs,
    requestsPerSec: phases.reduce((a, p) => a + p.counted, 0) / secs,
    requests: phases.reduce((a, p) => a + p.counted, 0),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    perRound: phases.map((p) => p.eventsPerSec),
  }
}

/**
 * Ours ÷ baseline per round at one batch size: the spread shows how much machine noise is left in
 * the pooled ratio.
 * @example
 * roundRatios(runs, 10) // [0.91, 0.84, …]
 */
export function roundRatios(runs, size) {
  const ours = runs[`ours${size}`] ?? []
  const base = runs[`base${size}`] ?? []
  return ours.map((o, i) => (base[i] ? o.eventsPerSec / base[i].eventsPerSec : null))
}

/**
 * Ours at 10-event ÷ ours at 1-event batches (events/s), per round.
 * @example
 * roundSpeedups(runs) // [8.1, 7.6, …]
 */
export function roundSpeedups(runs) {
  const ten = runs.ours10 ?? []
  const one = runs.ours1 ?? []
  return ten.map((t, i) => (one[i] ? t.eventsPerSec / one[i].eventsPerSec : null))
}
