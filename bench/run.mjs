#!/usr/bin/env node
// `npm run bench`: speed and size of Leadbeacon against a minimal baseline Worker, side by side.
// Builds both Workers as `wrangler deploy` would, serves each under `wrangler dev` on loopback with a
// fresh local D1, drives them in alternating rounds, measures the snippet, the bundle, the scoring
// engine and alert latency, writes BENCHMARKS.md and prints one JSON object as its last stdout line.
// Then isolate CPU per request from V8 profiles (ours, baseline, ours on leads with 5,000 stored
// events), D1 queries per invocation of every route and the cron, and the reliability drills.
// Options: --rounds 4 --seconds 4 --connections 8 --alerts 40 --steady-seconds 60 --bursts 100
// --skip drills,d1,app --keep-tmp
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DEMO_SITE_KEY } from '../scripts/lib.mjs'
import { stopAll, stopAllNow, wrangler } from '../scripts/lib/worker-proc.mjs'
import { buildOpenApi } from '../scripts/build-openapi.mjs'
import { buildSnippet } from '../snippet/build.mjs'
import { runDrills } from './drills/index.mjs'
import { alertLatency } from './lib/alerts.mjs'
import { appPages } from './lib/app-pages.mjs'
import { countingConfig, routeQueries } from './lib/d1-queries.mjs'
import { ingestRounds, pooled, roundRatios, roundSpeedups } from './lib/ingest.mjs'
import { profileRetrying } from './lib/cpu-profile.mjs'
import { busyMs, cpuRounds } from './lib/isolate-cpu.mjs'
import { BROWSER_UA, runPhase } from './lib/load.mjs'
import { assertAllAccepted, createLongFeed, firstBatches, longHistoryCountSql, longHistorySql } from './lib/long-history.mjs'
import { machine } from './lib/machine.mjs'
import { buildWorker, prepareTemplate, serveBuilt } from './lib/procs.mjs'
import { writeReport } from './lib/report.mjs'
import { scoringFigures } from './lib/scoring.mjs'
import { storageFigures } from './lib/storage.mjs'
import { bundleGzipBytes, coldStart, snippetSizes, topInputs } from './lib/sizes.mjs'
import { median, round } from './lib/stats.mjs'
import { createFeed } from './lib/traffic.mjs'

/** Leads seeded with a long history, and how long: the "cost independent of history" case. */
const LONG = { leads: 16, events: 5000 }
/** The same leads' twins with a short history: what `historyGrowth` divides by (only the history differs). */
const SHORT = { leads: 16, events: 20, prefix: 'short' }
/** Requests a second in the isolate-CPU slices (see cpuPhase). */
const CPU_RATE = 40
/** The most a site may raise its per-site batch limit to (50 × the binding's 1,000 a minute: worker/ingest/limits.ts). */
const BUSY_SITE_SQL = `UPDATE sites SET ingest_limits = '{"batchesPerSitePerMinute":50000}' WHERE id = 'site_demo';`
/** One lead ten times longer, for the D1 queries and rows per invocation at the largest growth case. */
const HUGE = { leads: 1, events: 50_000, prefix: 'huge' }

const { values: opt } = parseArgs({
  options: {
    rounds: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '8' },
    alerts: { type: 'string', default: '40' },
    'cpu-slices': { type: 'string', default: '3' },
    'steady-seconds': { type: 'string', default: '60' },
    rate: { type: 'string', default: '10' },
    bursts: { type: 'string', default: '100' },
    skip: { type: 'string', default: '' },
    'keep-tmp': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})
if (opt.help) {
  console.log('usage: npm run bench -- [--rounds 4] [--seconds 4] [--connections 8] [--alerts 40] [--cpu-slices 3]\n' +
    '  [--steady-seconds 60] [--rate 10] [--bursts 100] [--skip drills,d1,app] [--keep-tmp]\n' +
    'a short run: npm run bench -- --rounds 1 --seconds 2 --alerts 30 --cpu-slices 1 --steady-seconds 10 --bursts 5\n' +
    '(every run rewrites BENCHMARKS.md; skipped parts show as not measured)')
  process.exit(0)
}
const cfg = {
  rounds: bounded(opt.rounds, 1, 20),
  seconds: bounded(opt.seconds, 2, 60),
  connections: bounded(opt.connections, 1, 256),
  alerts: bounded(opt.alerts, 30, 500),
  cpuSlices: bounded(opt['cpu-slices'], 1, 10),
  steadySeconds: bounded(opt['steady-seconds'], 5, 120),
  rate: bounded(opt.rate, 1, 200),
  bursts: bounded(opt.bursts, 1, 500),
  skip: opt.skip.split(',').filter(Boolean),
}
const t0 = Date.now()
// each line stamped with the seconds since the start: where a slow run spends its time
const log = (msg) => process.stderr.write(`[${String(Math.round((Date.now() - t0) / 1000)).padStart(3)} s] ${msg}\n`)
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
  await buildOpenApi()
  const dirs = { ours: join(tmp, 'ours'), base: join(tmp, 'baseline') }
  for (const d of Object.values(dirs)) mkdirSync(d)
  const ours = buildWorker({ config: 'wrangler.toml', dir: dirs.ours })
  // a second, minified build only when the deployed one is not minified already (each build is ~10 s)
  const oursMin = /^minify\s*=\s*true/m.test(readFileSync('wrangler.toml', 'utf8')) ? ours : buildWorker({ config: 'wrangler.toml', dir: dirs.ours, minify: true })
  const base = buildWorker({ config: 'bench/baseline/wrangler.toml', dir: dirs.base })
  const worker = { ...bundleGzipBytes(ours.bundle), minifiedGzipBytes: bundleGzipBytes(oursMin.bundle).gzipBytes, top: topInputs(ours.meta, 10) }
  log(`  worker bundle ${worker.rawBytes} B, gzip ${worker.gzipBytes} B (minified: gzip ${worker.minifiedGzipBytes} B)`)
  worker.coldStart = await coldStart(ours.bundle, { runs: 3 })
  log(`  cold start: script ${worker.coldStart.scriptMs} ms (V8 compile + top level), first response ${worker.coldStart.firstResponseMs} ms (workerd), medians over an empty Worker`)

  log('• scoring engine in Node')
  const scoring = await scoringFigures(tmp, { minMs: 3_000 })
  log(`  ${Math.round(scoring.eventsPerSec)} events/s; µs per call by history length ${JSON.stringify(scoring.perCallUs)}`)

  log('• starting both Workers under wrangler dev (fresh D1 each)')
  const adminToken = randomBytes(18).toString('base64url')
  // one migrated, seeded D1 that every server of this run starts from a copy of
  const template = prepareTemplate(ours, tmp)
  const servers = {}
  for (const [who, built] of Object.entries({ ours, base })) {
    // local mode: the alert bench posts to a loopback receiver, which production mode refuses
    // The demo site takes the whole bench's traffic, thousands of batches a minute on an idle machine:
    // past its default per-site limit (6,000 a minute), as a site that busy would, it raises it.
    const extraSql = who === 'ours' ? `${longHistorySql(LONG)}\n${longHistorySql(SHORT)}\n${BUSY_SITE_SQL}` : undefined
    servers[who] = await serveBuilt(built, dirs[who], { ADMIN_TOKEN: adminToken, ENVIRONMENT: 'local' }, { extraSql, template })
    log(`  ${who} on ${servers[who].url}`)
  }

  log('• snippet as served')
  const snippet = await snippetSizes(servers.ours.url)
  log(`  /s.js ${snippet.rawBytes} B raw, ${snippet.gzipBytes} B gzip, ${snippet.brotliBytes} B brotli ${snippet.note ?? ''}`)

  log(`• ingest: ${cfg.rounds} rounds × ${cfg.seconds} s per phase, ${cfg.connections} connections`)
  const targets = { ours: servers.ours, base: servers.base }
  const runs = await ingestRounds({ targets, siteKey: DEMO_SITE_KEY, ...cfg, log })
  const ingest = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, pooled(v)]))

  log(`• isolate CPU per 10-event request: ${cfg.cpuSlices} profiled slices each of ours, baseline, ours on ${LONG.events}-event and on ${SHORT.events}-event leads`)
  // a profile retaken after an inspector hiccup sends new visitors and event ids, never the same ones twice
  const cpuPhase = (server, feedOf) => {
    let take = 0
    // A fixed rate, the same for every case: at full speed an idle machine sent each long-history lead
    // more than its 1,000 events a day (BUDGETS.visitorPerDay) within three slices, and the dropped
    // batches measured the refusal. At 40 a second, ten slices add ≤ 800 events to each of the 16 leads.
    return (i) => runPhase({ base: server.url, feed: feedOf(`${i}.${take++}`), seconds: 3, connections: 4, rate: CPU_RATE, origin: 'http://localhost' })
  }
  let firstTake = 0
  // The seeded leads have no scoring state: each one's first batch is scored from its stored history
  // (the fallback), once. Measured apart, one request at a time; the slices below are the steady state.
  const first = await profileRetrying(servers.ours.inspector, () =>
    firstBatches({ base: servers.ours.url, feed: createLongFeed({ siteKey: DEMO_SITE_KEY, leads: LONG.leads, tag: `first${firstTake++}` }), leads: LONG.leads, userAgent: BROWSER_UA }),
  )
  assertAllAccepted('long history, first batches', first.value)
  // the short-history twins' first batches too, unmeasured: the slices below measure both in steady state
  assertAllAccepted(
    'short history, first batches',
    await firstBatches({ base: servers.ours.url, feed: createLongFeed({ siteKey: DEMO_SITE_KEY, leads: SHORT.leads, prefix: SHORT.prefix, tag: 'first' }), leads: SHORT.leads, userAgent: BROWSER_UA }),
  )
  const cpuRaw = await cpuRounds(
    {
      ours: { inspector: servers.ours.inspector, phase: cpuPhase(servers.ours, (i) => createFeed({ siteKey: DEMO_SITE_KEY, batchSize: 10, prefix: `cpu${i}`, seed: 700 + Number.parseInt(i, 10) })) },
      base: { inspector: servers.base.inspector, phase: cpuPhase(servers.base, (i) => createFeed({ siteKey: DEMO_SITE_KEY, batchSize: 10, prefix: `cpu${i}`, seed: 700 + Number.parseInt(i, 10) })) },
      long: { inspector: servers.ours.inspector, phase: cpuPhase(servers.ours, (i) => createLongFeed({ siteKey: DEMO_SITE_KEY, leads: LONG.leads, tag: `cpu${i}` })) },
      short: { inspector: servers.ours.inspector, phase: cpuPhase(servers.ours, (i) => createLongFeed({ siteKey: DEMO_SITE_KEY, leads: SHORT.leads, prefix: SHORT.prefix, tag: `cpu${i}` })) },
    },
    cfg.cpuSlices,
  )
  // every measured long-history batch was stored in full on a lead already holding ≥ LONG.events events
  for (const [i, p] of cpuRaw.long.phases.entries()) assertAllAccepted(`long history, slice ${i + 1}`, p)
  for (const [i, p] of cpuRaw.short.phases.entries()) assertAllAccepted(`short history, slice ${i + 1}`, p)
  cpuRaw.first = { msPerRequest: busyMs(first.profile) / first.value.requests, slices: [busyMs(first.profile) / first.value.requests], phases: [first.value] }
  const cpu = {
    ingestMs: round(cpuRaw.ours.msPerRequest, 2),
    baselineMs: round(cpuRaw.base.msPerRequest, 2),
    vsBaseline: round(cpuRaw.ours.msPerRequest / cpuRaw.base.msPerRequest, 3),
    ingestMsLongHistory: round(cpuRaw.long.msPerRequest, 2),
    // identified leads both: ≥ LONG.events stored events ÷ SHORT.events, the same batches, only the history differs
    ingestMsShortHistory: round(cpuRaw.short.msPerRequest, 2),
    historyGrowth: round(cpuRaw.long.msPerRequest / cpuRaw.short.msPerRequest, 3),
    historyEvents: LONG.events,
    historyFirstBatchMs: round(cpuRaw.first.msPerRequest, 2),
    historyBatchesAccepted: cpuRaw.long.phases.reduce((a, p) => a + p.requests, 0),
  }
  log(`  ${JSON.stringify(cpu)}`)

  log(`• alerts: ${cfg.alerts} leads made SQL one by one`)
  const alerts = await alertLatency({ base: servers.ours.url, adminToken, count: cfg.alerts })
  log(`  p50 ${round(alerts.p50Ms, 1)} ms, p95 ${round(alerts.p95Ms, 1)} ms over ${alerts.samples} ${alerts.note ?? ''}`)
  await stopAll()
  // what the long-history leads held at the end, from the D1 itself
  const counted = wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', join(dirs.ours, 'state'), '-c', ours.config, '--json', '--command', longHistoryCountSql()])
  cpuRaw.stored = JSON.parse(counted.slice(counted.indexOf('[')))[0].results[0]
  if (cpuRaw.stored.leads !== LONG.leads || cpuRaw.stored.fewest < LONG.events + 10) throw new Error(`long-history leads after the bench: ${JSON.stringify(cpuRaw.stored)}`)
  log(`  long-history leads after the bench: ${JSON.stringify(cpuRaw.stored)} stored events`)

  let app = { note: 'skipped (--skip app)', pages: {} }
  if (!cfg.skip.includes('app')) {
    log('• app pages at 1,000 leads: server time, and page weight in Chromium')
    app = await appPages({ built: ours, dir: dirs.ours, pages: ['hotLeads', 'leadPage'], runs: 20, log, template })
    for (const p of Object.values(app.pages)) log(`  ${p.path}: ${p.medianMs} ms median, ${p.p95Ms} ms p95, ${p.brotliBytes} B brotli`)
    log(`  ${app.seconds} s ${app.note ?? ''}`)
  }

  let d1 = { maxQueriesPerInvocation: null, byRoute: {}, statuses: {} }
  if (!cfg.skip.includes('d1')) {
    log('• D1 queries per invocation: every route and the cron, on a counting build over a D1 with traffic and long-history leads')
    const dir = join(tmp, 'd1count')
    mkdirSync(dir)
    const counting = buildWorker({ config: countingConfig(dir), dir })
    const w = await serveBuilt(counting, dir, { ADMIN_TOKEN: adminToken, ENVIRONMENT: 'local' }, { extraSql: `${longHistorySql(LONG)}\n${longHistorySql(HUGE)}`, template })
    const load = await runPhase({ base: w.url, feed: createFeed({ siteKey: DEMO_SITE_KEY, batchSize: 10, prefix: 'd1', seed: 9 }), seconds: 4, connections: 4, origin: 'http://localhost' })
    // D1's own row counts for the bench traffic: what the platform bills per stored event
    const traffic = (await fetch(`${w.url}/__bench/d1`).then((r) => r.json())).filter((x) => x.label === 'POST /e' && x.status === 202)
    const sum = (k) => traffic.reduce((a, x) => a + x[k], 0)
    const events = traffic.length * 10
    const rows = { requests: traffic.length, events, rowsWrittenPerEvent: round(sum('rowsWritten') / events, 2), rowsReadPerEvent: round(sum('rowsRead') / events, 2), queriesPerRequest: round(sum('queries') / traffic.length, 2), accepted: load.accepted }
    log(`  bench traffic: ${JSON.stringify(rows)}`)
    const q = await routeQueries({ base: w.url, adminToken, longLeadId: 'ld_long_0', hugeLeadId: 'ld_huge_0', hugeVid: 'huge-0', inspector: w.inspector })
    d1 = { maxQueriesPerInvocation: q.max, byRoute: q.byRoute, statuses: q.statuses, rows: q.rows, traffic: rows, cronTopSql: q.cronTopSql }
    log(`  the cron's rows read by statement: ${JSON.stringify(q.cronTopSql)}`)
    log(`  max ${q.max} queries per invocation; ${JSON.stringify(q.byRoute)}`)
    await w.stop()
  }

  let drills = { summary: { killLost: null, killDuplicates: null, steady5xx: null, burstAlerts: null } }
  if (!cfg.skip.includes('drills')) {
    drills = await runDrills({ built: ours, dir: dirs.ours, steadySeconds: cfg.steadySeconds, rate: cfg.rate, bursts: cfg.bursts, log, template })
    drills.storage = storageFigures(join(dirs.ours, 'drill-state'))
    log(`  storage of the drills' D1: ${JSON.stringify({ ...drills.storage, byTable: undefined })}`)
  }
  // The inputs of bench/scaling-sim.mjs (docs/scaling.md quotes its output).
  writeFileSync(
    'bench/platform-figures.json',
    `${JSON.stringify({ measuredAt: startedAt.toISOString(), eventsPerSec: round(ingest.ours10.eventsPerSec), cpuMsPerRequest: cpu.ingestMs, cpuMsPerRequestLongHistory: cpu.ingestMsLongHistory, d1: d1.traffic ?? null, storage: drills.storage ?? null }, null, 2)}\n`,
  )

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
    worker: { gzipBytes: worker.gzipBytes, coldStartScriptMs: worker.coldStart.scriptMs, coldStartFirstResponseMs: worker.coldStart.firstResponseMs },
    cpu,
    d1: { maxQueriesPerInvocation: d1.maxQueriesPerInvocation },
    drills: drills.summary,
    scoring: { eventsPerSec: round(scoring.eventsPerSec) },
    alerts: { p50Ms: round(alerts.p50Ms, 1), p95Ms: round(alerts.p95Ms, 1) },
    app: {
      hotLeadsBytes: app.pages.hotLeads?.brotliBytes ?? null,
      leadPageBytes: app.pages.leadPage?.brotliBytes ?? null,
      hotLeadsServerMs: app.pages.hotLeads?.medianMs ?? null,
      leadPageServerMs: app.pages.leadPage?.medianMs ?? null,
      leads: app.leads ?? null,
    },
  }
  writeReport('BENCHMARKS.md', { result, cfg, startedAt, details: { ingest, runs, snippet, worker, scoring, alerts, cpu: cpuRaw, d1, drills, app } })
  log('• wrote BENCHMARKS.md')
  return result
}

function bounded(v, min, max) {
  const n = Number(v)
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`expected an integer in [${min}, ${max}], got ${v}`)
  return n
}
