/**
 * The scoring page's routes: view, dry run or save a model typed in the textarea, calibrate (report,
 * then apply with one button). Saving and calibrating go through the same functions as the API.
 */
import { type Context, Hono } from 'hono'
import { type CalibrationReport, calibrate, TooFewOutcomesError } from '../../calibration/calibrate'
import { database } from '../../db/client'
import { countLeads } from '../../db/rescore'
import type { StageChange } from '../../db/rescore-plan'
import { countLabelled, readSamples } from '../../db/samples'
import { siteJob } from '../../db/jobs'
import { CALIBRATE_PAGE, type CalibrateState } from '../../jobs/calibrate'
import { scoreDistribution } from '../../db/score-distribution'
import { siteModelVersion } from '../../db/site-model'
import { saveModel } from '../../db/models'
import { startJob, startPreview, startRescore } from '../../jobs/runner'
import { ModelSchema } from '../../scoring'
import { can } from '../can'
import { signedIn } from '../guard'
import { sessionActor } from '../session'
import { type CalibrationView, ScoringPage, type ScoringProps } from '../pages/scoring'
import type { WebEnv } from '../types'
import { jsonProblem, modelProblems } from '../vm/model-errors'
import { rocCurve } from '../vm/roc'

export const scoringPages = new Hono<WebEnv>()

async function render(c: Context<WebEnv>, extra: Partial<ScoringProps> = {}, status = 200) {
  const db = database(c.env.DB)
  const siteId = c.get('session')!.siteId
  const now = Date.now()
  const { version, model } = await siteModelVersion(db, siteId)
  const scores = await scoreDistribution(db, siteId, model, now)
  c.status(status as 200)
  return c.render(
    <ScoringPage
      text={JSON.stringify(model, null, 2)}
      version={version}
      isDefault={version === 0}
      canWrite={can(c.get('scope')!, 'scoring:write')}
      scores={scores}
      thresholds={model.thresholds}
      {...extra}
    />,
    { title: 'Scoring', active: 'scoring' },
  )
}

scoringPages.get('/scoring', signedIn('scoring'), async (c) => {
  const notice = c.req.query('saved') ? `Saved as version ${c.req.query('saved')}; leads are being rescored.` : undefined
  const jobId = c.req.query('calibration')
  const job = jobId ? await siteJob(database(c.env.DB), c.get('session')!.siteId, jobId.slice(0, 64)) : undefined
  return render(c, { notice, calibration: job?.kind === 'calibrate' ? calibrationJobView(job) : undefined })
})

/** A calibration job as the page shows it: progress while it runs, then its report (or why it failed). */
function calibrationJobView(job: NonNullable<Awaited<ReturnType<typeof siteJob>>>): CalibrationView {
  if (job.status === 'failed') return { ok: false, message: job.error === 'superseded' ? 'A newer calibration replaced this one.' : (job.error ?? 'Calibration failed.') }
  if (job.status !== 'done' || !job.result) return { ok: 'running', jobId: job.id, done: Math.min(job.done, job.total), total: job.total }
  const r = job.result as { report: CalibrationReport; curves?: { current: [number, number][]; proposed: [number, number][] } }
  return { ok: true, report: r.report, curves: r.curves ?? { current: [], proposed: [] }, jobId: job.id }
}

scoringPages.post('/scoring', signedIn('scoring:write'), async (c) => {
  const form = await c.req.parseBody()
  const text = typeof form.model === 'string' ? form.model : ''
  const save = form.do === 'save'
  const syntax = jsonProblem(text)
  if (syntax) return render(c, { text, problems: [syntax] }, 400)
  const input = JSON.parse(text) as unknown
  const parsed = ModelSchema.safeParse(input)
  if (!parsed.success) return render(c, { text, problems: modelProblems(input, parsed.error.issues, text) }, 400)
  const db = database(c.env.DB)
  const siteId = c.get('session')!.siteId
  const now = Date.now()
  if (!save) {
    const job = await startPreview(c.env, c.executionCtx, siteId, parsed.data, await countLeads(c.env.DB, siteId))
    if (job.status !== 'done') return render(c, { text, notice: `The dry run runs as background job ${job.id} (${job.done} of ${job.total} leads so far): GET /api/v1/jobs/${job.id}.` })
    const r = job.result as { scanned: number; stageChanges: number; leads: StageChange[] }
    return render(c, { text, dryRun: { scanned: r.scanned, changed: r.stageChanges, leads: r.leads } })
  }
  const version = await saveModel(db, siteId, parsed.data, now, { who: sessionActor(c.get('session')!) })
  await startRescore(c.env, c.executionCtx, siteId, version, 'rescore')
  return c.redirect(`/app/scoring?saved=${version}`, 303)
})

scoringPages.post('/scoring/calibrate', signedIn('scoring:write'), async (c) => {
  const form = await c.req.parseBody()
  const apply = form.apply === 'yes'
  const db = database(c.env.DB)
  const siteId = c.get('session')!.siteId
  const now = Date.now()
  if (apply && typeof form.job === 'string') {
    // the proposal a finished calibration job reported: adopted as it was shown, not fitted again
    const job = await siteJob(db, siteId, form.job.slice(0, 64))
    const r = job?.kind === 'calibrate' && job.status === 'done' ? (job.result as { proposed?: unknown; report?: { n: number } } | null) : null
    if (!r?.proposed || !r.report) return render(c, { calibration: { ok: false, message: 'That calibration is not finished (or is gone); run it again.' } }, 409)
    const version = await saveModel(db, siteId, r.proposed, now, { note: `calibrated on ${r.report.n} outcomes`, who: sessionActor(c.get('session')!), calibration: { outcomes: r.report.n } })
    await startRescore(c.env, c.executionCtx, siteId, version, 'rescore')
    return c.redirect(`/app/scoring?saved=${version}`, 303)
  }
  const labelled = await countLabelled(c.env.DB, siteId)
  if (labelled > CALIBRATE_PAGE) {
    const state: CalibrateState = { phase: 'gather', after: '', staged: 0, apply: false, who: sessionActor(c.get('session')!) }
    const job = await startJob(c.env, c.executionCtx, { siteId, kind: 'calibrate', total: labelled, state: state as unknown as Record<string, unknown> })
    return c.redirect(`/app/scoring?calibration=${job.id}`, 303)
  }
  const [{ model }, samples] = await Promise.all([siteModelVersion(db, siteId), readSamples(db, siteId)])
  let out: ReturnType<typeof calibrate>
  try {
    out = calibrate({ samples, model, now })
  } catch (err) {
    if (!(err instanceof TooFewOutcomesError)) throw err
    const message = `Not enough outcomes yet: ${err.won} won and ${err.lost} lost recorded; calibration needs at least ${err.needWon} won and ${err.needLost} lost.`
    return render(c, { calibration: { ok: false, message } }, 422)
  }
  if (apply) {
    const version = await saveModel(db, siteId, out.proposed, now, {
      note: `calibrated on ${out.report.n} outcomes`,
      who: sessionActor(c.get('session')!),
      calibration: { outcomes: out.report.n },
    })
    await startRescore(c.env, c.executionCtx, siteId, version, 'rescore')
    return c.redirect(`/app/scoring?saved=${version}`, 303)
  }
  // the ROC curves of the same hold-out the report's AUCs are measured on
  const { heldOut } = out
  const calibration: CalibrationView = { ok: true, report: out.report, curves: { current: rocCurve(heldOut.current, heldOut.won), proposed: rocCurve(heldOut.proposed, heldOut.won) } }
  return render(c, { calibration })
})
