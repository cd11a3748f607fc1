#!/usr/bin/env node
// `npm run bench`: speed and size of Leadbeacon against a minimal baseline Worker, side by side.
// Builds both Workers as `wrangler deploy` would, serves each under `wrangler dev` on loopback with a
// fresh local D1, drives them in alternating rounds, measures the snippet, the bundle, the scoring
// engine and alert latency, writes BENCHMARKS.md and prints one JSON object as its last stdout line.
// Options: --rounds 8 --seconds 4 --connections 8 --alerts 40 --keep-tmp
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DEMO_SITE_KEY } from '../scripts/lib.mjs'
import { stopAll, stopAllNow } from '../scripts/lib/worker-proc.mjs'
import { buildSnippet } from '../snippet/build.mjs'
import { alertLatency } from './lib/alerts.mjs'
import { ingestRounds, pooled, roundRatios, roundSpeedups } from './lib/ingest.mjs'
import { machine } from './lib/machine.mjs'
import { buildWorker, serveBuilt } from './lib/procs.mjs'
import { writeReport } from './lib/report.mjs'
import { scoringFigures } from './lib/scoring.mjs'
import { bundleGzipBytes, snippetSizes, topInputs } from './lib/sizes.mjs'
import { median, round } from './lib/stats.mjs'

const { values: opt } = parseArgs({
  options: {
    rounds: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '8' },
    alerts: { type: 'string', default: '40' },
    'keep-tmp': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})
if (opt.help) {
  console.log('usage: npm run bench -- [--rounds 8] [--seconds 4] [--connections 8] [--alerts 40] [--keep-tmp]\n' +
    'a short run: npm run bench -- --rounds 1 --seconds 2 --alerts 30 (rewrites BENCHMARKS.md)')
  process.exit(0)
}
const cfg = {
  rounds: bounded(opt.rounds, 1, 20),
  seconds: bounded(opt.seconds, 2, 60),
  connections: bounded(opt.connections, 1, 256),
  alerts: bounded(opt.alerts, 30, 500),
}
const log = (msg) => process.stderr.write(`${msg}\n`)
const tmp = mkdtempSync(join(tmpdir(), 'lb-bench-'))

// Whatever happens, no wrangler or workerd outlives the bench.
process.on('exit', stopAllNow)
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130))

try {
  const result = await main()
  process.stdout.write(`${JSON.stringify(result)}\n`)
} catch (err) {
  log(`\n✖ bench failed: ${err?.stack ?? err}\n  logs kept in ${tmp}`)
  process.exitCode = 1
} finally {
  await stopAll()
  if (process.exitCode !== 1 && !opt['keep-tmp']) rmSync(tmp, { recursive: true, force: true })
}

async function main() {
  const startedAt = new Date()
  const before = machine()
  log(`bench: ${JSON.stringify(cfg)} in ${tmp}`)

  log('• building the snippet and both Workers (wrangler deploy --dry-run)')
  await buildSnippet().catch((err) => log(`  ! snippet build failed (${err.message}); measuring the Worker with its current generated snippet`))
  const dirs = { ours: join(tmp, 'ours'), base: join(tmp, 'baseline') }
  for (const d of Object.values(dirs)) mkdirSync(d)
  const ours = buildWorker({ config: 'wrangler.toml', dir: dirs.ours })
  const oursMin = buildWorker({ config: 'wrangler.toml', dir: dirs.ours, minify: true })
  const base = buildWorker({ config: 'bench/baseline/wrangler.toml', dir: dirs.base })
  const worker = { ...bundleGzipBytes(ours.bundle), minifiedGzipBytes: bundleGzipBytes(oursMin.bundle).gzipBytes, top: topInputs(ours.meta, 10) }
  log(`  worker bundle ${worker.rawBytes} B, gzip ${worker.gzipBytes} B (minified: gzip ${worker.minifiedGzipBytes} B)`)

  log('• scoring engine in Node')
  const scoring = await scoringFigures(tmp, { minMs: 3_000 })
  log(`  ${Math.round(scoring.eventsPerSec)} events/s; µs per call by history length ${JSON.stringify(scoring.perCallUs)}`)

  log('• starting both Workers under wrangler dev (fresh D1 each)')
  const adminToken = randomBytes(18).toString('base64url')
  const servers = {}
  for (const [who, built] of Object.entries({ ours, base })) {
    // local mode: the alert bench posts to a loopback receiver, which production mode refuses
    servers[who] = await serveBuilt(built, dirs[who], { ADMIN_TOKEN: adminToken, ENVIRONMENT: 'local' })
    log(`  ${who} on ${servers[who].url}`)
  }

  log('• snippet as served')
  const snippet = await snippetSizes(servers.ours.url)
  log(`  /s.js ${snippet.rawBytes} B raw, ${snippet.gzipBytes} B gzip, ${snippet.brotliBytes} B brotli ${snippet.note ?? ''}`)

  log(`• ingest: ${cfg.rounds} rounds × ${cfg.seconds} s per phase, ${cfg.connections} connections`)
  const targets = { ours: servers.ours, base: servers.base }
  const runs = await ingestRounds({ targets, siteKey: DEMO_SITE_KEY, ...cfg, log })
  const ingest = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, pooled(v)]))

  log(`• alerts: ${cfg.alerts} leads made SQL one by one`)
  const alerts = await alertLatency({ base: servers.ours.url, adminToken, count: cfg.alerts })
  log(`  p50 ${round(alerts.p50Ms, 1)} ms, p95 ${round(alerts.p95Ms, 1)} ms over ${alerts.samples} ${alerts.note ?? ''}`)
  await stopAll()

  const result = {
    machine: { ...before, load1After: machine().load1 },
    ingest: {
      eventsPerSec: round(ingest.ours10.eventsPerSec),
      baselineEventsPerSec: round(ingest.base10.eventsPerSec),
      // Paired per round (the two ran back to back and shared the machine's noise), then the median:
      // one disturbed round cannot swing it as it swings the pooled events/s.
      ratio: round(median(roundRatios(runs, 10)), 3),
      p50Ms: round(ingest.ours10.p50Ms, 1),
      p99Ms: round(ingest.ours10.p99Ms, 1),
      batchSpeedup: round(median(roundSpeedups(runs)), 2),
    },
    snippet: { rawBytes: snippet.rawBytes, gzipBytes: snippet.gzipBytes, brotliBytes: snippet.brotliBytes },
    worker: { gzipBytes: worker.gzipBytes },
    scoring: { eventsPerSec: round(scoring.eventsPerSec) },
    alerts: { p50Ms: round(alerts.p50Ms, 1), p95Ms: round(alerts.p95Ms, 1) },
  }
  writeReport('BENCHMARKS.md', { result, cfg, startedAt, details: { ingest, runs, snippet, worker, scoring, alerts } })
  log('• wrote BENCHMARKS.md')
  return result
}

function bounded(v, min, max) {
  const n = Number(v)
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`expected an integer in [${min}, ${max}], got ${v}`)
  return n
}
