#!/usr/bin/env node
// `node bench/profile.mjs`: where a Worker's CPU goes while it ingests the bench traffic. Builds
// Leadbeacon and the baseline as `npm run bench` does, serves each with a fresh D1, and samples the
// isolate's CPU (DevTools protocol) during a load phase. Prints JS busy time per request, and self
// time per module and per function. Diagnostic only: the figures of record come from bench/run.mjs.
// Options: --batch 10 --seconds 8 --connections 8 --long (Leadbeacon only, on 16 leads seeded with
// 5,000 stored events each, after one batch on each: the steady state of cpu.ingestMsLongHistory)
// --only leadbeacon|baseline --keep-tmp
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DEMO_SITE_KEY } from '../scripts/lib.mjs'
import { bundleText, profileWhile, summarise } from './lib/cpu-profile.mjs'
import { groupCpuMs } from './lib/cpu-time.mjs'
import { BROWSER_UA, runPhase } from './lib/load.mjs'
import { assertAllAccepted, createLongFeed, firstBatches, longHistorySql } from './lib/long-history.mjs'
import { stopAll, stopAllNow } from '../scripts/lib/worker-proc.mjs'
import { buildWorker, serveBuilt } from './lib/procs.mjs'
import { createFeed } from './lib/traffic.mjs'

const { values: opt } = parseArgs({
  options: {
    batch: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '8' },
    long: { type: 'boolean', default: false },
    only: { type: 'string', default: '' },
    'keep-tmp': { type: 'boolean', default: false },
  },
})
const batch = Number(opt.batch)
const seconds = Math.min(60, Number(opt.seconds))
const connections = Math.min(64, Number(opt.connections))
const tmp = mkdtempSync(join(tmpdir(), 'lb-profile-'))
process.on('exit', stopAllNow)
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130))

try {
  for (const [who, config] of [
    ['leadbeacon', 'wrangler.toml'],
    ['baseline', 'bench/baseline/wrangler.toml'],
  ].filter(([who]) => (opt.long ? who === 'leadbeacon' : !opt.only || who === opt.only))) {
    const dir = join(tmp, who)
    mkdirSync(dir)
    // Unminified, so the profile can name modules and functions.
    const built = buildWorker({ config, dir, minify: false })
    const w = await serveBuilt(built, dir, { ADMIN_TOKEN: 'profile', ENVIRONMENT: 'local' }, { extraSql: opt.long ? longHistorySql({ leads: 16, events: 5000 }) : undefined })
    const feedOf = (prefix) =>
      opt.long ? createLongFeed({ siteKey: DEMO_SITE_KEY, leads: 16, tag: prefix }) : createFeed({ siteKey: DEMO_SITE_KEY, batchSize: batch, prefix, seed: 11 })
    const phase = (prefix, secs) => runPhase({ base: w.url, feed: feedOf(prefix), seconds: secs, connections, origin: 'http://localhost' })
    if (opt.long) assertAllAccepted('first batches', await firstBatches({ base: w.url, feed: feedOf('first'), leads: 16, userAgent: BROWSER_UA }))
    await phase('warm', 2)
    const cpu0 = groupCpuMs(w.pid)
    const { profile, value: res } = await profileWhile(w.inspector, () => phase('prof', seconds))
    const cpuMs = cpu0 === null ? null : groupCpuMs(w.pid) - cpu0
    const s = summarise(profile, bundleText(built.bundle))
    console.log(`\n## ${who}: ${res.requests} requests of ${batch} events, ${Math.round(res.eventsPerSec)} events/s, statuses ${JSON.stringify(res.statuses)}`)
    if (cpuMs !== null) console.log(`process group CPU (workerd + local D1): ${(cpuMs / res.requests).toFixed(2)} ms per request`)
    // Sampled wall time in the isolate: inflated when other work shares the cores, so compare shares.
    console.log(`JS busy ${Math.round(s.busyMs)} ms of ${Math.round(s.totalMs)} ms sampled → ${(s.busyMs / res.requests).toFixed(2)} ms per request`)
    console.log('\nself time by module (ms):')
    for (const [k, ms] of s.byModule) console.log(`${String(ms).padStart(9)}  ${k}`)
    console.log('\nself time by function (ms):')
    for (const [k, ms] of s.byFunction) console.log(`${String(ms).padStart(9)}  ${k.slice(0, 140)}`)
    await w.stop()
  }
} catch (err) {
  console.error(`✖ profile failed: ${err?.stack ?? err}\n  logs kept in ${tmp}`)
  process.exitCode = 1
} finally {
  await stopAll()
  if (process.exitCode !== 1 && !opt['keep-tmp']) rmSync(tmp, { recursive: true, force: true })
}
