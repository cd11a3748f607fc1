import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeReport } from '../lib/report.mjs'

const phase = (eventsPerSec: number) => ({ eventsPerSec, requestsPerSec: eventsPerSec / 10, requests: 100, p50Ms: 100, p99Ms: 300, cpuMsPerRequest: 12, perRound: [eventsPerSec] })
const run = (eventsPerSec: number) => ({ eventsPerSec })

describe('BENCHMARKS.md', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'bench-report-')), 'BENCHMARKS.md')
  const args = {
    result: {
      machine: { cpu: 'Test CPU', cores: 2, memGiB: 4, os: 'Linux', node: 'v20', wrangler: '4', workerd: '1', load1: 1, load1After: 2 },
      ingest: { eventsPerSec: 790, baselineEventsPerSec: 1000, ratio: 0.79, p50Ms: 100, p99Ms: 300, batchSpeedup: 3.5 },
      snippet: { rawBytes: 3000, gzipBytes: 1700, brotliBytes: 1300 },
      worker: { gzipBytes: 90_000 },
      scoring: { eventsPerSec: 200_000 },
      alerts: { p50Ms: null, p95Ms: null },
      app: { hotLeadsBytes: 2900, leadPageBytes: 61_000, hotLeadsServerMs: 250, leadPageServerMs: 80, leads: 1008 },
    },
    cfg: { rounds: 1, seconds: 4, connections: 8, alerts: 30 },
    startedAt: new Date('2026-11-01T12:00:00Z'),
    details: {
      ingest: { ours10: phase(790), base10: phase(1000), ours1: phase(225), base1: phase(250) },
      runs: { ours10: [run(790)], base10: [run(1000)], ours1: [run(225)], base1: [run(250)] },
      worker: { rawBytes: 400_000, gzipBytes: 90_000, minifiedGzipBytes: 60_000, top: [{ input: 'zod', bytes: 200_000, share: 0.5 }] },
      scoring: { eventsPerSec: 200_000, medianEventsPerSec: 150_000, callsPerSec: 1000, historyEvents: 300, replays: 10, perCallUs: { 10: 100, 1000: 4000 } },
      alerts: { note: 'no Slack message within 5000 ms for the first 3 SQL leads' },
      app: {
        leads: 1008,
        runs: 20,
        seconds: 90,
        note: null,
        pages: {
          hotLeads: { path: '/app/leads', medianMs: 250, p95Ms: 400, brotliBytes: 2900, parts: ['1400 /app/leads', '1100 /app/assets/app.css?v=1', '400 /app/assets/app.js?v=1'] },
          leadPage: { path: '/app/leads/ld_abc-c1', medianMs: 80, p95Ms: 120, brotliBytes: 61_000, parts: ['59500 /app/leads/ld_abc-c1', '1500 /app/assets/app.css?v=1'] },
        },
      },
    },
  }
  writeReport(file, args)
  const md = readFileSync(file, 'utf8')
  const row = (label: string) => md.split('\n').find((l) => l.startsWith(`| ${label}`)) ?? ''

  it('judges each figure against its target and aim', () => {
    expect(row('ingest.ratio')).toContain('**miss**')
    expect(row('ingest.batchSpeedup')).toContain('meets aim')
    expect(row('snippet.brotliBytes')).toContain('meets target, not aim')
    expect(row('worker.gzipBytes')).toContain('meets aim')
    expect(row('alerts.p95Ms')).toContain('not measured')
  })

  it('says why a figure is missing, and shows the run’s detail and machine', () => {
    expect(md).toContain('Not measured: no Slack message within 5000 ms')
    expect(md).toContain('| ours10 | 790 |')
    expect(md).toContain('Ratio per round, 10-event batches: 0.79')
    expect(md).toContain('CPU cost ratio (baseline CPU ms per request ÷ ours): 1 at 10-event batches')
    expect(md).toContain('Test CPU, 2 cores')
    expect(md).toContain('[bench/FINDINGS.md](bench/FINDINGS.md)')
  })

  it('judges each app page against the 60,000 B budget and lists what it loads', () => {
    expect(row('app.hotLeadsBytes')).toContain('meets aim')
    expect(row('app.leadPageBytes')).toContain('**miss**')
    expect(md).toContain('| hotLeads `/app/leads` | 250 | 400 | 2,900 | 1400 /app/leads · 1100 /app/assets/app.css?v=1 · 400 /app/assets/app.js?v=1 |')
    expect(md).toContain('| leadPage `/app/leads/{id}` | 80 | 120 | 61,000 | 59500 /app/leads/{id} · 1500 /app/assets/app.css?v=1 |')
  })

  it('says the app pages were not measured when skipped', () => {
    const skipped = join(mkdtempSync(join(tmpdir(), 'bench-report-')), 'BENCHMARKS.md')
    const input = JSON.parse(JSON.stringify(args))
    input.startedAt = new Date(input.startedAt)
    input.result.app = { hotLeadsBytes: null, leadPageBytes: null, hotLeadsServerMs: null, leadPageServerMs: null, leads: null }
    input.details.app = { note: 'skipped (--skip app)', pages: {} }
    writeReport(skipped, input)
    const text = readFileSync(skipped, 'utf8')
    expect(text).toContain('## App pages\n\nNot measured: skipped (--skip app).')
    expect(text.split('\n').find((l) => l.startsWith('| app.hotLeadsBytes'))).toContain('not measured')
  })
})
