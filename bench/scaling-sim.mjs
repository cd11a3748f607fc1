#!/usr/bin/env node
// `node bench/scaling-sim.mjs`: what the measured per-event costs mean in visitors per month on the
// Workers Free and Paid plans, and where one D1 database stops. Reads the figures `npm run bench`
// wrote to bench/platform-figures.json (bytes per event/visitor/lead from the drills' D1, rows written
// and read per event from D1's own counts, events/s one local D1 sustained, isolate CPU per request).
// Pure arithmetic on those inputs; the assumptions are flags. docs/scaling.md quotes its output.
// Options: --figures bench/platform-figures.json --events-per-visit 20 --visits 1.5 --identified 0.05
//          --batch 8 --retention-days 395 --peak 10 [--json]
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { parseArgs } from 'node:util'

/** Platform quotas (Cloudflare docs: Workers limits and pricing, D1 limits and pricing). */
export const QUOTAS = {
  free: { requestsPerMonth: 100_000 * 30, rowsWrittenPerMonth: 100_000 * 30, rowsReadPerMonth: 5_000_000 * 30, dbBytes: 500e6, accountBytes: 5e9, databases: 10, cpuMsPerInvocation: 10, queriesPerInvocation: 50 },
  paid: { requestsPerMonth: 10e6, rowsWrittenPerMonth: 50e6, rowsReadPerMonth: 25e9, dbBytes: 10e9, accountBytes: 5e9, databases: 50_000, cpuMsPerMonth: 30e6, cpuMsPerInvocation: 30_000, queriesPerInvocation: 1_000 },
  // over the included amounts on Paid, USD
  paidOverage: { perMillionRequests: 0.3, perMillionRowsWritten: 1, perMillionRowsRead: 0.001, perGbMonth: 0.75, perMillionCpuMs: 0.02 },
}

/**
 * Per-visitor-month costs and the visitors each quota allows.
 * @example
 * simulate(figures, { eventsPerVisit: 20, visits: 1.5, identified: 0.05, batch: 8, retentionDays: 395, peak: 10 })
 */
export function simulate(f, a) {
  const events = a.eventsPerVisit * a.visits
  // ingest requests, plus the tag itself once per visit (browser-cached within a visit)
  const requests = events / a.batch + a.visits
  const perVisitor = {
    events,
    requests,
    rowsWritten: events * f.d1.rowsWrittenPerEvent,
    rowsRead: events * f.d1.rowsReadPerEvent,
    cpuMs: (events / a.batch) * f.cpuMsPerRequest,
    bytes: events * f.storage.bytesPerEvent + f.storage.bytesPerVisitor + a.identified * f.storage.bytesPerLead,
  }
  const months = a.retentionDays / 30
  const limits = (q) => {
    const byQuota = {
      requests: q.requestsPerMonth / perVisitor.requests,
      rowsWritten: q.rowsWrittenPerMonth / perVisitor.rowsWritten,
      rowsRead: q.rowsReadPerMonth / perVisitor.rowsRead,
      // storage holds `retentionDays` of events: monthly visitors that fill one database at steady state
      storageOneDb: q.dbBytes / (perVisitor.bytes * months),
      ...(q.cpuMsPerMonth ? { cpu: q.cpuMsPerMonth / perVisitor.cpuMs } : {}),
    }
    const [binding, visitors] = Object.entries(byQuota).sort((x, y) => x[1] - y[1])[0]
    return { byQuota: roundAll(byQuota), visitorsPerMonth: Math.round(visitors), binding }
  }
  // one D1 database writes serially: the sustained local rate, with traffic peaking at `peak` × average
  const oneDbEventsPerMonth = (f.eventsPerSec * 86_400 * 30) / a.peak
  const paidCostPerMillionVisitors =
    (1e6 * perVisitor.requests * QUOTAS.paidOverage.perMillionRequests) / 1e6 +
    (1e6 * perVisitor.rowsWritten * QUOTAS.paidOverage.perMillionRowsWritten) / 1e6 +
    (1e6 * perVisitor.rowsRead * QUOTAS.paidOverage.perMillionRowsRead) / 1e6 +
    (1e6 * perVisitor.cpuMs * QUOTAS.paidOverage.perMillionCpuMs) / 1e6 +
    ((1e6 * perVisitor.bytes * months) / 1e9) * QUOTAS.paidOverage.perGbMonth
  // Past one database: raw events to Analytics Engine (or R2), D1 keeps per-visitor/lead aggregates,
  // so D1 writes one visitor row (+ the lead's) per request instead of every event.
  const aggregatesOnly = { rowsWritten: requests * 2, bytes: f.storage.bytesPerVisitor + a.identified * f.storage.bytesPerLead }
  return {
    assumptions: a,
    measured: f,
    perVisitor: roundAll(perVisitor),
    free: limits(QUOTAS.free),
    paid: limits(QUOTAS.paid),
    freeCpuFits: f.cpuMsPerRequest <= QUOTAS.free.cpuMsPerInvocation && (f.cpuMsPerRequestLongHistory ?? 0) <= QUOTAS.free.cpuMsPerInvocation,
    oneDb: {
      eventsPerMonthAtPeak: Math.round(oneDbEventsPerMonth),
      visitorsPerMonthAtPeak: Math.round(oneDbEventsPerMonth / events),
      visitorsPerMonthStorage10GB: Math.round(QUOTAS.paid.dbBytes / (perVisitor.bytes * months)),
    },
    paidCostPerMillionVisitorsUsd: Math.round(paidCostPerMillionVisitors * 100) / 100,
    aggregatesOnly: {
      rowsWrittenPerVisitor: aggregatesOnly.rowsWritten,
      visitorsPerMonthPaidWrites: Math.round(QUOTAS.paid.rowsWrittenPerMonth / aggregatesOnly.rowsWritten),
      visitorsPerMonthStorage10GB: Math.round(QUOTAS.paid.dbBytes / (aggregatesOnly.bytes * months)),
    },
  }
}

function roundAll(o) {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 100) / 100 : v]))
}

const isMain = import.meta.url === `file://${process.argv[1]}`
if (isMain) {
  const { values: opt } = parseArgs({
    options: {
      figures: { type: 'string', default: new URL('./platform-figures.json', import.meta.url).pathname },
      'events-per-visit': { type: 'string', default: '20' },
      visits: { type: 'string', default: '1.5' },
      identified: { type: 'string', default: '0.05' },
      batch: { type: 'string', default: '8' },
      'retention-days': { type: 'string', default: '395' },
      peak: { type: 'string', default: '10' },
      json: { type: 'boolean', default: false },
    },
  })
  const f = JSON.parse(readFileSync(opt.figures, 'utf8'))
  if (!f.d1 || !f.storage || f.storage.note) {
    console.error(`✖ ${opt.figures} lacks D1 row counts or storage figures: run \`npm run bench\` (with its drills) first`)
    process.exit(1)
  }
  const a = {
    eventsPerVisit: Number(opt['events-per-visit']),
    visits: Number(opt.visits),
    identified: Number(opt.identified),
    batch: Number(opt.batch),
    retentionDays: Number(opt['retention-days']),
    peak: Number(opt.peak),
  }
  const r = simulate(f, a)
  if (opt.json) {
    console.log(JSON.stringify(r, null, 2))
  } else {
    const n = (x) => Math.round(x).toLocaleString('en-US')
    console.log(`inputs: ${relative(process.cwd(), opt.figures)} (measured ${f.measuredAt}); assumptions ${JSON.stringify(a)}`)
    console.log(`per visitor-month: ${JSON.stringify(r.perVisitor)}`)
    for (const plan of ['free', 'paid']) {
      console.log(`${plan}: ${n(r[plan].visitorsPerMonth)} visitors/month (bound by ${r[plan].binding}); by quota ${JSON.stringify(r[plan].byQuota)}`)
    }
    console.log(`free plan CPU per ingest request fits 10 ms: ${r.freeCpuFits}`)
    console.log(`one D1 at ${f.eventsPerSec} events/s sustained, peak ${a.peak}× average: ${n(r.oneDb.visitorsPerMonthAtPeak)} visitors/month; 10 GB at ${a.retentionDays} days: ${n(r.oneDb.visitorsPerMonthStorage10GB)}`)
    console.log(`paid, beyond the included amounts: $${r.paidCostPerMillionVisitorsUsd} per million visitors/month`)
    console.log(`raw events out of D1 (aggregates only): ${r.aggregatesOnly.rowsWrittenPerVisitor} rows written/visitor; paid writes allow ${n(r.aggregatesOnly.visitorsPerMonthPaidWrites)} visitors/month, 10 GB holds ${n(r.aggregatesOnly.visitorsPerMonthStorage10GB)}`)
  }
}
