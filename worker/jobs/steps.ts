/**
 * One bounded step of each kind of job: reads a fixed number of rows, decides, and returns the writes
 * and the progress the runner commits in one batch. A step's effects are idempotent (a rescore moves
 * leads off an old model version; a dry run writes nothing but its cursor; an import or calibration
 * stages and writes in the job's own guarded batch), so a step that never committed is simply done again
 * by the next runner. Calibration and imports have their own files.
 */
import type { JobRow, StepOutcome } from '../db/jobs'
import { database } from '../db/client'
import { modelVersion } from '../db/models'
import { ERASE_STEP_EVENTS, eraseEventsStep } from '../db/erase'
import { previewStep, rescoreStep } from '../db/rescore'
import type { StageChange } from '../db/rescore-plan'
import type { Env } from '../env'
import { type Model, ModelSchema } from '../scoring'
import { calibrateStep } from './calibrate'
import { deleteSiteStep } from './delete-site'
import { importFileStep } from './import-file'

/** Stage changes a job keeps to show (the count is exact; the list is the first ones). */
export const SAMPLE_CHANGES = 200

/** A rescore's state: the version leads move to, where stage changes are recorded from, what changed. */
export interface RescoreState {
  version: number
  source: 'rescore' | 'import'
  changes: number
  sample: StageChange[]
}

/** A dry run's state: the model tried (JSON), the email cursor, what would change. */
export interface PreviewState {
  model: unknown
  after: string
  scanned: number
  changes: number
  sample: StageChange[]
}

const keep = (sample: StageChange[], more: StageChange[]) => [...sample, ...more].slice(0, SAMPLE_CHANGES)

async function rescore(env: Env, job: JobRow, now: number): Promise<StepOutcome> {
  const s = job.state as unknown as RescoreState
  const model = await modelVersion(database(env.DB), job.siteId, s.version)
  const step = await rescoreStep(env.DB, job.siteId, s.version, model, now, s.source)
  const state: RescoreState = { ...s, changes: s.changes + step.changes.length, sample: keep(s.sample, step.changes) }
  // this step took every lead still off the version (or all the job counted at its start)
  const finished = !step.more || job.done + step.count >= job.total
  return {
    writes: step.writes,
    advanced: step.count,
    state: state as unknown as Record<string, unknown>,
    finished,
    result: finished ? { rescored: job.done + step.count, stageChanges: state.changes, leads: state.sample } : undefined,
  }
}

async function preview(env: Env, job: JobRow, now: number): Promise<StepOutcome> {
  const s = job.state as unknown as PreviewState
  const model: Model = ModelSchema.parse(s.model)
  const step = await previewStep(env.DB, job.siteId, model, s.after, now)
  const state: PreviewState = { ...s, after: step.next ?? s.after, scanned: s.scanned + step.count, changes: s.changes + step.changes.length, sample: keep(s.sample, step.changes) }
  const finished = step.next === null
  return {
    writes: [],
    advanced: step.count,
    state: state as unknown as Record<string, unknown>,
    finished,
    result: finished ? { scanned: state.scanned, stageChanges: state.changes, leads: state.sample } : undefined,
  }
}

async function erase(env: Env, job: JobRow): Promise<StepOutcome> {
  const s = job.state as { leadId: string; visitors: string[] }
  const step = await eraseEventsStep(env.DB, s.leadId, s.visitors)
  const finished = step.count < ERASE_STEP_EVENTS
  // done: the job forgets even the random ids it was given
  return { writes: step.writes, advanced: step.count, state: finished ? {} : s, finished }
}

/**
 * The step for a job's kind.
 * @example
 * const outcome = await stepFor(job)(env, job, Date.now())
 */
export function stepFor(job: JobRow): (env: Env, job: JobRow, now: number) => Promise<StepOutcome> {
  switch (job.kind) {
    case 'preview':
      return preview
    case 'erase':
      return erase
    case 'calibrate':
      return calibrateStep
    case 'import-file':
      return importFileStep
    case 'delete-site':
      return deleteSiteStep
    case 'rescore':
    case 'import':
      return rescore
    default:
      throw new Error(`no step for jobs of kind ${job.kind}`)
  }
}
