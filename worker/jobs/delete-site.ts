/**
 * A site deletion's step (see db/site-delete.ts): deletes a bounded page of its rows with the job's
 * progress in one guarded batch; the last step deletes the site, and with it (by cascade) this job.
 */
import type { JobRow, StepOutcome } from '../db/jobs'
import { siteDeleteStep } from '../db/site-delete'
import type { Env } from '../env'

/**
 * One step of a `delete-site` job.
 * @example
 * const outcome = await deleteSiteStep(env, job)
 */
export async function deleteSiteStep(env: Env, job: JobRow): Promise<StepOutcome> {
  const s = job.state as { table: number }
  const step = await siteDeleteStep(env.DB, job.siteId, s.table ?? 0)
  return { writes: step.writes, advanced: step.count, state: { table: step.next }, finished: step.last }
}
