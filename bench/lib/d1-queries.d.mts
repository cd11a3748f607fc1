/** Writes a copy of wrangler.toml whose entry is the counting wrapper (aliases and migrations pointed back at `root`); returns its path. */
export function countingConfig(dir: string, root?: string): string
/** Calls every route once and the cron; D1 queries per invocation by label, with the maximum. */
export function routeQueries(opts: {
  base: string
  adminToken: string
  longLeadId: string
  longVid?: string
  hugeLeadId?: string
  hugeVid?: string
  inspector?: number | string
}): Promise<{ max: number; byRoute: Record<string, number>; rows: Record<string, { read: number; written: number; cpuMs: number | null }>; statuses: Record<string, number>; cronTopSql: [string, number][] }>
