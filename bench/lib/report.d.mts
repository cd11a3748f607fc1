/** The headline JSON that `npm run bench` prints last. */
export interface BenchResult {
  machine: { cpu: string; cores: number; memGiB: number; os: string; node: string; wrangler: string | null; workerd: string | null; load1: number; load1After: number }
  ingest: { eventsPerSec: number | null; baselineEventsPerSec: number | null; ratio: number | null; p50Ms: number | null; p99Ms: number | null; batchSpeedup: number | null }
  snippet: { rawBytes: number | null; gzipBytes: number | null; brotliBytes: number | null }
  worker: { gzipBytes: number | null }
  scoring: { eventsPerSec: number | null }
  alerts: { p50Ms: number | null; p95Ms: number | null }
  cpu?: { ingestMs: number | null; baselineMs: number | null; vsBaseline: number | null; ingestMsLongHistory: number | null; ingestMsShortHistory?: number | null; historyGrowth: number | null; historyEvents: number }
  d1?: { maxQueriesPerInvocation: number | null }
  app?: { hotLeadsBytes: number | null; leadPageBytes: number | null; hotLeadsServerMs: number | null; leadPageServerMs: number | null; leads: number | null }
  drills?: { killLost: number | null; killDuplicates: number | null; steady5xx: number | null; steadyP99Ms?: number | null; burstAlerts: number | null }
}
/** One pooled phase kind (e.g. ours10) of the ingest rounds. */
export interface PooledPhase {
  eventsPerSec: number
  requestsPerSec: number
  requests: number
  p50Ms: number | null
  p99Ms: number | null
  cpuMsPerRequest: number | null
  perRound: number[]
}
/** Everything one run measured, for the report. */
export interface ReportInput {
  result: BenchResult
  cfg: { rounds: number; seconds: number; connections: number; alerts: number; cpuSlices?: number }
  startedAt: Date
  details: {
    ingest: Record<string, PooledPhase>
    runs: Record<string, { eventsPerSec: number }[]>
    worker: { rawBytes: number; gzipBytes: number; minifiedGzipBytes: number; top: { input: string; bytes: number; share: number }[] }
    scoring: { eventsPerSec: number; medianEventsPerSec: number; callsPerSec: number; historyEvents: number; replays: number; perCallUs: Record<string, number> }
    cpu?: Record<string, { msPerRequest: number | null; slices: number[] }>
    d1?: { maxQueriesPerInvocation: number | null; byRoute: Record<string, number>; statuses: Record<string, number> }
    // biome-ignore lint/suspicious/noExplicitAny: the drills' detail objects are free-form
    drills?: Record<string, any>
    app?: { leads?: number; runs?: number; seconds?: number; note: string | null; pages: Record<string, { path: string; medianMs: number; p95Ms: number; brotliBytes: number | null; parts: string[] }> }
    alerts: { note: string | null; samples?: number; missed?: number; duplicates?: number; p50Ms?: number | null; p95Ms?: number | null; ingestP50Ms?: number | null }
  }
}
/**
 * Writes the report for one bench run to `file`.
 */
export function writeReport(file: string, input: ReportInput): void
