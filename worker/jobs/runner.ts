/**
 * The job runner: claim a job under a lease, run one bounded step, commit the step's writes with the
 * job's progress in one guarded batch, repeat up to a fixed number of steps per invocation (D1 queries
 * per invocation stay bounded: a step is about eight). The request that creates a job runs the first
 * step and leaves a few more to `waitUntil`; every cron run continues whatever is left.
 */
import { claimJob, commitStep, createJob, failJob, hasActiveJob, type JobRow, pruneJobs } from '../db/jobs'
import { database } from '../db/client'
import { jobStatements } from '../db/job-rows'
import { countOffVersion, sitesNeedingRescore } from '../db/rescore'
import type { Env } from '../env'
import type { JobKind } from '../../schema/tables'
import { stepFor } from './steps'

/** Steps one invocation runs (request: 1 inline + the rest after the answer; cron: all). ~8 queries each. */
export const STEPS_PER_RUN = 4

/**
 * Runs up to `maxSteps` steps: of job `jobId` only, or of whichever jobs are runnable (oldest first).
 * A step that throws fails its job (kept with the cause); a lost lease stops this runner for that job.
 * @example
 * ctx.waitUntil(runJobs(env, { maxSteps: STEPS_PER_RUN }))
 */
export async function runJobs(env: Env, opts: { jobId?: string; maxSteps?: number } = {}): Promise<{ steps: number; last?: JobRow }> {
  const max = opts.maxSteps ?? STEPS_PER_RUN
  let steps = 0
  let last: JobRow | undefined
  while (steps < max) {
    const job = await claimJob(env.DB, Date.now(), opts.jobId)
    if (!job) break
    steps++
    last = job
    const now = Date.now()
    try {
      const out = await stepFor(job)(env, job, now)
      if (!(await commitStep(env.DB, job, out, now))) break
    } catch (err) {
      console.error(`job ${job.id} (${job.kind}) failed`, err)
      await failJob(env.DB, job, String((err as Error)?.message ?? err), now)
    }
  }
  return { steps, last }
}

/**
 * Creates a rescore job moving the site's leads to model `version` (superseding any unfinished rescore
 * or import rescore of the site: the newest model wins) and runs its first step inline. The answer is the
 * job as it stands; when it is not done, `waitUntil` runs a few more steps and the cron the rest.
 * @example
 * const job = await startRescore(env, ctx, siteId, version, 'rescore')
 */
export async function startRescore(env: Env, ctx: ExecutionContext, siteId: string, version: number, source: 'rescore' | 'import'): Promise<JobRow> {
  const total = await countOffVersion(env.DB, siteId, version)
  const kind: JobKind = source === 'import' ? 'import' : 'rescore'
  const state = { version, source, changes: 0, sample: [] }
  const supersedes: JobKind[] = source === 'rescore' ? ['rescore', 'import'] : []
  const job = await createJob(database(env.DB), { siteId, kind, total, state }, Date.now(), supersedes)
  return firstStep(env, ctx, job)
}

/**
 * Creates a dry-run job trying `model` (JSON as given) over every lead of the site, and runs its first
 * step inline.
 * @example
 * const job = await startPreview(env, ctx, siteId, model, leadCount)
 */
export async function startPreview(env: Env, ctx: ExecutionContext, siteId: string, model: unknown, total: number): Promise<JobRow> {
  const state = { model, after: '', scanned: 0, changes: 0, sample: [] }
  const job = await createJob(database(env.DB), { siteId, kind: 'preview', total, state }, Date.now())
  return firstStep(env, ctx, job)
}

/**
 * Creates a job of any kind and runs its first step inline (the rest: `waitUntil`, then the cron).
 * `writes` go in the same batch as the job's INSERT (e.g. the rows it will work through); `more` caps
 * the steps run after the answer (by default fewer the more statements `writes` took).
 * @example
 * const job = await startJob(env, ctx, { siteId, kind: 'calibrate', total, state }, (id) => stageRows(env.DB, id, rows))
 */
export async function startJob(
  env: Env,
  ctx: ExecutionContext,
  spec: { siteId: string; kind: JobKind; total: number; state: Record<string, unknown> },
  writes: (id: string) => D1PreparedStatement[] = () => [],
  opts: { more?: number } = {},
): Promise<JobRow> {
  const { id, writes: insert } = jobStatements(env.DB, spec, Date.now())
  const staged = writes(id)
  await env.DB.batch([...insert, ...staged])
  const job = await database(env.DB).query.jobs.findFirst({ where: (j, { eq }) => eq(j.id, id) })
  // the staging statements count against the invocation's D1 queries: fewer steps after the answer
  const more = opts.more ?? Math.max(0, Math.min(STEPS_PER_RUN - 1, Math.floor((30 - staged.length) / 10)))
  return firstStep(env, ctx, job!, more)
}

async function firstStep(env: Env, ctx: ExecutionContext, job: JobRow, more = STEPS_PER_RUN - 1): Promise<JobRow> {
  await runJobs(env, { jobId: job.id, maxSteps: 1 })
  const now = await database(env.DB).query.jobs.findFirst({ where: (j, { eq }) => eq(j.id, job.id) })
  const after = now ?? job
  if (after.status !== 'done' && after.status !== 'failed' && more > 0) {
    ctx.waitUntil(runJobs(env, { jobId: job.id, maxSteps: more }).catch((err) => console.error('job runner failed', err)))
  }
  return after
}

/**
 * The cron's share: start a rescore where leads are left off their site's version with no job on it
 * (a lead ingest wrote under the old model mid-change, an older deploy's leftovers), forget jobs
 * finished a week ago, then run steps.
 * @example
 * await cronJobs(env)
 */
export async function cronJobs(env: Env): Promise<{ steps: number }> {
  const db = database(env.DB)
  for (const site of await sitesNeedingRescore(env.DB, 2)) {
    if (await hasActiveJob(db, site.id, ['rescore', 'import'])) continue
    const total = await countOffVersion(env.DB, site.id, site.modelVersion)
    await createJob(db, { siteId: site.id, kind: 'rescore', total, state: { version: site.modelVersion, source: 'rescore', changes: 0, sample: [] } }, Date.now())
  }
  await pruneJobs(env.DB, Date.now())
  return runJobs(env, { maxSteps: STEPS_PER_RUN })
}
