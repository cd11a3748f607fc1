/**
 * The `jobs` table: creating a job (and superseding older ones of the same kind), claiming it under a
 * lease, and the statements a step commits with. The step logic lives in `worker/jobs/`.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import { type JobKind, type JobStatus, jobs } from '../../schema/tables'
import { type Db, isConstraintError, newId } from './client'
import { guardStatement, versionIs } from './optimistic'
import { rowMapper } from './raw'

export type JobRow = typeof jobs.$inferSelect

const sqlVersionBump = sql`${jobs.version} + 1`

/** How long a claimed job is held: a step takes well under this; a runner that died lets it lapse. */
export const LEASE_MS = 60_000

/** The public view of a job (`GET /api/v1/jobs/{id}` and every `202 { job }`). */
export interface JobView {
  id: string
  kind: JobKind
  status: JobStatus
  done: number
  total: number
  supersededBy: string | null
  result?: Record<string, unknown>
  /** why a failed job failed (e.g. too few outcomes to calibrate); "superseded" when a newer job replaced it */
  error?: string
}

/**
 * A job row as the API shows it.
 * @example
 * c.json({ job: jobView(row) }, 202)
 */
export function jobView(j: JobRow): JobView {
  const v: JobView = { id: j.id, kind: j.kind, status: j.status, done: Math.min(j.done, j.total), total: j.total, supersededBy: j.supersededBy }
  if (j.result) v.result = j.result
  if (j.status === 'failed' && j.error) v.error = j.error
  return v
}

/**
 * Inserts a queued job. With `supersedes`, the site's unfinished jobs of those kinds are failed in the
 * same batch and point at the new one (a newer model change makes an older rescore moot); their
 * version bump makes any step still in flight for them fail its guard.
 * @example
 * const job = await createJob(db, { siteId, kind: 'rescore', total: 10_000, state: { version: 3 } }, Date.now(), ['rescore', 'import'])
 */
export async function createJob(
  db: Db,
  spec: { siteId: string; kind: JobKind; total: number; state: Record<string, unknown> },
  now: number,
  supersedes: JobKind[] = [],
): Promise<JobRow> {
  const id = newId('job')
  const row = { id, siteId: spec.siteId, kind: spec.kind, total: spec.total, state: spec.state, createdAt: now, updatedAt: now }
  const insert = db.insert(jobs).values(row).returning()
  if (supersedes.length === 0) return (await insert)[0]
  const [, inserted] = await db.batch([
    db
      .update(jobs)
      .set({ status: 'failed', error: 'superseded', supersededBy: id, leaseUntil: null, updatedAt: now, version: sqlVersionBump })
      .where(and(eq(jobs.siteId, spec.siteId), inArray(jobs.kind, supersedes), inArray(jobs.status, ['queued', 'running']))),
    insert,
  ])
  return inserted[0]
}

/**
 * A job of the site, or undefined (another site's job is not found either).
 * @example
 * const job = await siteJob(db, siteId, 'job_…')
 */
export async function siteJob(db: Db, siteId: string, id: string): Promise<JobRow | undefined> {
  return db.select().from(jobs).where(and(eq(jobs.id, id), eq(jobs.siteId, siteId))).get()
}

const toJob = rowMapper(jobs)

/**
 * Takes the lease on a job that is queued, or running with no live lease, in one statement: the
 * version bump makes any older holder's next commit fail. `id` omitted: the oldest runnable job.
 * Undefined when there is nothing to take.
 * @example
 * const job = await claimJob(env.DB, Date.now(), jobId)
 */
export async function claimJob(d1: D1Database, now: number, id?: string): Promise<JobRow | undefined> {
  const pick = id
    ? '?3'
    : `(select id from jobs where status in ('queued', 'running') and coalesce(lease_until, 0) < ?1 order by created_at limit 1)`
  const raw = await d1
    .prepare(
      `update jobs set status = 'running', lease_until = ?2, attempts = attempts + 1, version = version + 1, updated_at = ?1
       where id = ${pick} and status in ('queued', 'running') and coalesce(lease_until, 0) < ?1 returning *`,
    )
    .bind(now, now + LEASE_MS, ...(id ? [id] : []))
    .first<Record<string, unknown>>()
  return raw ? toJob(raw) : undefined
}

/** What one step decided: its writes, and the job's progress after them. */
export interface StepOutcome {
  writes: D1PreparedStatement[]
  /** items this step handled */
  advanced: number
  state: Record<string, unknown>
  finished: boolean
  result?: Record<string, unknown>
  /** a total learnt late (e.g. a dry run counts as it goes) */
  total?: number
}

/**
 * Commits a step: the guard (the job still has the version this runner claimed), the step's writes, and
 * the job's progress, in one batch. False when the lease was lost (nothing was written).
 * @example
 * const committed = await commitStep(env.DB, job, outcome, Date.now()) // false: another runner has it
 */
export async function commitStep(d1: D1Database, job: JobRow, out: StepOutcome, now: number): Promise<boolean> {
  const progress = d1
    .prepare(
      `update jobs set done = ${out.finished ? 'max(done + ?1, total)' : 'done + ?1'}, total = coalesce(?2, total), state = ?3, result = ?4,
         status = ?5, lease_until = null, version = version + 1, updated_at = ?6 where id = ?7`,
    )
    .bind(out.advanced, out.total ?? null, JSON.stringify(out.state), out.result ? JSON.stringify(out.result) : null, out.finished ? 'done' : 'running', now, job.id)
  try {
    await d1.batch([guardStatement(d1, [versionIs(jobs, job.id, job.version)]), ...out.writes, progress])
    return true
  } catch (err) {
    if (isConstraintError(err)) return false
    throw err
  }
}

/**
 * Marks a job failed after a step threw (kept: its cause, for the operator's log).
 * @example
 * await failJob(env.DB, job, String(err), Date.now())
 */
export async function failJob(d1: D1Database, job: JobRow, error: string, now: number): Promise<void> {
  await d1
    .prepare(`update jobs set status = 'failed', error = ?1, lease_until = null, version = version + 1, updated_at = ?2 where id = ?3 and version = ?4`)
    .bind(error.slice(0, 500), now, job.id, job.version)
    .run()
}

/**
 * Whether the site has an unfinished job of one of these kinds (the cron's fallback does not duplicate one).
 * @example
 * const busy = await hasActiveJob(db, siteId, ['rescore']) // true: do not start another
 */
export async function hasActiveJob(db: Db, siteId: string, kinds: JobKind[]): Promise<boolean> {
  const r = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(and(eq(jobs.siteId, siteId), inArray(jobs.kind, kinds), inArray(jobs.status, ['queued', 'running'])))
    .limit(1)
  return r.length > 0
}

/** How long a finished job stays readable at GET /api/v1/jobs/{id}. */
export const KEEP_FINISHED_MS = 7 * 24 * 3600 * 1000

/**
 * Deletes finished jobs older than KEEP_FINISHED_MS, a bounded number per call (the cron's housekeeping).
 * @example
 * await pruneJobs(env.DB, Date.now())
 */
export async function pruneJobs(d1: D1Database, now: number, limit = 500): Promise<number> {
  const r = await d1
    .prepare(`delete from jobs where id in (select id from jobs where status in ('done', 'failed') and updated_at < ?1 limit ?2)`)
    .bind(now - KEEP_FINISHED_MS, limit)
    .run()
  return r.meta.changes ?? 0
}
