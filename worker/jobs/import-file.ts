/**
 * A large CSV import as a job: the request stages the file's rows (raw, as parsed) in `job_rows` with
 * the job, and each step maps one bounded page of them (IMPORT_PAGE_ROWS rows, IMPORT_PAGE_EVENTS
 * events) to leads and events and writes them with the job's progress in one guarded batch: a step
 * re-run after a crash writes its page once. The last step hands the imported leads to a rescore job
 * (kind `import`) in the same batch.
 */
import { rowToLead } from '../calibration/leads-csv'
import { database } from '../db/client'
import { importPage, IMPORT_PAGE_ROWS, pageSize } from '../db/import'
import { dropStaged, jobStatements, stagedAfter } from '../db/job-rows'
import type { JobRow, StepOutcome } from '../db/jobs'
import { countOffVersion } from '../db/rescore'
import { siteModelVersion } from '../db/site-model'
import type { Env } from '../env'

/** An import job's state: the time rows are mapped at, the staged-row cursor, running counts. */
export interface ImportFileState {
  now: number
  after: number
  created: number
  updated: number
  events: number
  withOutcome: number
}

/**
 * One step of an import job.
 * @example
 * const outcome = await importFileStep(env, job, Date.now())
 */
export async function importFileStep(env: Env, job: JobRow, now: number): Promise<StepOutcome> {
  const s = job.state as unknown as ImportFileState
  const [staged, { version, model }] = await Promise.all([
    stagedAfter<Record<string, string>>(env.DB, job.id, s.after, IMPORT_PAGE_ROWS),
    siteModelVersion(database(env.DB), job.siteId),
  ])
  // mapped at the job's time, numbered by file row: the same leads and event ids whichever run maps them
  const mapped = staged.map((r) => rowToLead(r.data, { now: s.now, index: r.seq }))
  const n = pageSize(mapped)
  const page = await importPage(env.DB, job.siteId, model, mapped.slice(0, n), s.now)
  const state: ImportFileState = {
    ...s,
    after: n ? staged[n - 1].seq : s.after,
    created: s.created + page.counts.created,
    updated: s.updated + page.counts.updated,
    events: s.events + page.counts.events,
    withOutcome: s.withOutcome + mapped.slice(0, n).filter((m) => m.outcome).length,
  }
  const finished = n === staged.length && staged.length < IMPORT_PAGE_ROWS
  const writes = [...page.writes]
  const result: Record<string, unknown> = { rows: job.total, created: state.created, updated: state.updated, events: state.events, withOutcome: state.withOutcome }
  if (finished) {
    // this page's leads are not written yet: counted on top of those already off the version
    const total = (await countOffVersion(env.DB, job.siteId, version)) + page.counts.created + page.counts.updated
    const rescore = jobStatements(env.DB, { siteId: job.siteId, kind: 'import', total, state: { version, source: 'import', changes: 0, sample: [] } }, now)
    writes.push(dropStaged(env.DB, job.id), ...rescore.writes)
    result.rescoreJob = rescore.id
  }
  return { writes, advanced: n, state: state as unknown as Record<string, unknown>, finished, result: finished ? result : undefined }
}
