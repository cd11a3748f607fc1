// CPU time of the Worker's isolate per request, from V8 CPU profiles (DevTools protocol on the
// `wrangler dev` inspector port): the JavaScript the platform bills as CPU time, without the local D1's
// SQLite work, the HTTP proxy or the load generator.
import { profileRetrying, SAMPLE_INTERVAL_US } from './cpu-profile.mjs'
import { median } from './stats.mjs'

// workerd does not mark its event loop idle to V8, so time spent waiting (on D1, on the network) shows
// as "(program)" rather than "(idle)": both are left out, or a request's wall time would count as CPU.
const NOT_CPU = new Set(['(idle)', '(program)'])

/**
 * CPU time of the isolate in one profile, in ms: its JavaScript and garbage-collection samples, each
 * counted as at most one sampling interval. A sample's `timeDelta` is the wall time since the previous
 * sample, and workerd runs other isolates on the same thread — the local D1 and the rate limiters are
 * Workers too — while the profiler takes no samples of ours: the first sample after such a gap carried
 * the whole gap (2–3 gaps over 3 ms per ingest request, most of what the uncapped sum counted; see
 * bench/FINDINGS.md). `capUs: Infinity` gives the uncapped sum, the figure before 2026-11-30.
 * @example
 * busyMs(profile) // 312.4
 */
export function busyMs(profile, capUs = SAMPLE_INTERVAL_US) {
  const idle = new Set(profile.nodes.filter((n) => NOT_CPU.has(n.callFrame.functionName)).map((n) => n.id))
  let us = 0
  for (let i = 0; i < profile.samples.length; i++) if (!idle.has(profile.samples[i])) us += Math.min(profile.timeDeltas[i] ?? 0, capUs)
  return us / 1000
}

/**
 * Profiles `slices` load phases of one Worker and returns the median busy ms per request, with every
 * slice's figure. `phase(i)` runs one load phase and returns its `runPhase` result.
 * @example
 * const cpu = await isolateCpu(server.inspector, (i) => runPhase({ … }), 3) // { msPerRequest: 4.2, slices: [4.1, 4.2, 4.6] }
 */
export async function isolateCpu(inspector, phase, slices = 3) {
  const per = []
  for (let i = 0; i < slices; i++) {
    const { profile, value } = await profileRetrying(inspector, () => phase(i))
    if (value.requests > 0) per.push(busyMs(profile) / value.requests)
  }
  return { msPerRequest: per.length ? median(per) : null, slices: per }
}

/**
 * Profiles several Workers slice by slice in turn (A, B, C, A, B, C, …), so machine noise hits each
 * alike; returns the median busy ms per request of each, with the slices and each slice's phase result
 * (requests, statuses, accepted events: what the figure was measured on).
 * @example
 * const cpu = await cpuRounds({ ours: { inspector, phase }, base: { … } }, 3) // { ours: { msPerRequest, slices, phases }, … }
 */
export async function cpuRounds(targets, slices = 3) {
  const out = Object.fromEntries(Object.keys(targets).map((k) => [k, { per: [], uncapped: [], phases: [] }]))
  for (let i = 0; i < slices; i++) {
    for (const [k, t] of Object.entries(targets)) {
      const { profile, value } = await profileRetrying(t.inspector, () => t.phase(i))
      out[k].phases.push(value)
      if (value.requests > 0) {
        out[k].per.push(busyMs(profile) / value.requests)
        out[k].uncapped.push(busyMs(profile, Number.POSITIVE_INFINITY) / value.requests)
      }
    }
  }
  return Object.fromEntries(
    Object.entries(out).map(([k, { per, uncapped, phases }]) => [
      k,
      { msPerRequest: per.length ? median(per) : null, slices: per, uncappedMsPerRequest: uncapped.length ? median(uncapped) : null, phases },
    ]),
  )
}
