/**
 * The rows a job works through (`job_rows`): staged in bounded statements (one JSON parameter each,
 * under D1's 2 MB), read back a page at a time, dropped with the job's last step. Every write here is a
 * statement for the caller's batch, so staging commits with the job's progress (or with the job).
 */
import type { JobKind } from '../../schema/tables'
import { newId } from './client'
import { jsonChunks } from './rescore'

/** One row to stage: its place (`seq`, unique in the job), a sort key and its JSON. */
export interface StagedRow {
  seq: number
  rank?: number
  data: unknown
}

/**
 * The INSERTs staging `rows` for job `jobId` (a row already staged is left as it is).
 * @example
 * await env.DB.batch([...stageRows(env.DB, job.id, rows), progress])
 */
export function stageRows(d1: D1Database, jobId: string, rows: readonly StagedRow[]): D1PreparedStatement[] {
  const texts = rows.map((r) => JSON.stringify({ s: r.seq, r: r.rank ?? 0, d: r.data }))
  return jsonChunks(texts).map((chunk) =>
    d1
      .prepare(`insert into job_rows (job_id, seq, rank, data) select ?1, j.value ->> '$.s', j.value ->> '$.r', j.value -> '$.d' from json_each(?2) j where true on conflict do nothing`)
      .bind(jobId, `[${chunk.join(',')}]`),
  )
}

/**
 * Staged rows of a job after `seq` `after`, in order, at most `limit`.
 * @example
 * const page = await stagedAfter(env.DB, job.id, state.after, 200)
 */
export async function stagedAfter<T>(d1: D1Database, jobId: string, after: number, limit: number): Promise<{ seq: number; data: T }[]> {
  const r = await d1.prepare('select seq, data from job_rows where job_id = ?1 and seq > ?2 order by seq limit ?3').bind(jobId, after, limit).all<{ seq: number; data: string }>()
  return r.results.map((x) => ({ seq: x.seq, data: JSON.parse(x.data) as T }))
}

/**
 * The first `limit` staged rows of a job by rank (then seq): a deterministic pseudo-random subset when
 * ranks are hashes.
 * @example
 * const sample = await stagedByRank(env.DB, job.id, 4_000)
 */
export async function stagedByRank<T>(d1: D1Database, jobId: string, limit: number): Promise<T[]> {
  const r = await d1.prepare('select data from job_rows where job_id = ?1 order by rank, seq limit ?2').bind(jobId, limit).all<{ data: string }>()
  return r.results.map((x) => JSON.parse(x.data) as T)
}

/**
 * A drizzle statement (an audit entry, say) as a D1 statement, for a batch of raw ones.
 * @example
 * writes.push(asStatement(env.DB, auditEntry(db, entry)))
 */
export function asStatement(d1: D1Database, q: { toSQL(): { sql: string; params: unknown[] } }): D1PreparedStatement {
  const { sql, params } = q.toSQL()
  return d1.prepare(sql).bind(...params)
}

/**
 * The DELETE of a job's staged rows (its last step's batch carries it).
 * @example
 * writes.push(dropStaged(env.DB, job.id))
 */
export function dropStaged(d1: D1Database, jobId: string): D1PreparedStatement {
  return d1.prepare('delete from job_rows where job_id = ?1').bind(jobId)
}

/**
 * A queued job's INSERT as a statement (for a batch that stages its rows or commits another job's
 * step), with the UPDATE superseding the site's unfinished jobs of `supersedes` kinds first.
 * @example
 * const { id, writes } = jobStatements(env.DB, { siteId, kind: 'rescore', total, state }, Date.now(), ['rescore', 'import'])
 */
export function jobStatements(
  d1: D1Database,
  spec: { siteId: string; kind: JobKind; total: number; state: Record<string, unknown> },
  now: number,
  supersedes: JobKind[] = [],
): { id: string; writes: D1PreparedStatement[] } {
  const id = newId('job')
  const writes: D1PreparedStatement[] = []
  if (supersedes.length) {
    writes.push(
      d1
        .prepare(
          `update jobs set status = 'failed', error = 'superseded', superseded_by = ?1, lease_until = null, updated_at = ?2, version = version + 1
           where site_id = ?3 and kind in (select value from json_each(?4)) and status in ('queued', 'running')`,
        )
        .bind(id, now, spec.siteId, JSON.stringify(supersedes)),
    )
  }
  writes.push(
    d1
      .prepare(`insert into jobs (id, site_id, kind, total, state, created_at, updated_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?6)`)
      .bind(id, spec.siteId, spec.kind, spec.total, JSON.stringify(spec.state), now),
  )
  return { id, writes }
}
