// Calibration and large CSV imports as background jobs: bounded steps (each under the D1 query budget),
// resumable after a runner dies mid-step, and exactly once (no lead, event, model version, audit entry or
// rescore job twice).
import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { claimJob, commitStep, type JobView } from '../../worker/db/jobs'
import { runJobs } from '../../worker/jobs/runner'
import { stepFor } from '../../worker/jobs/steps'
import { call, json } from './api/api-helpers'
import { type CreatedSite, createSite, rows } from './helpers'
import { countingD1 } from './support/d1-counter'
import { invoke } from './support/invoke'
import { leadFile } from './support/lead-file'

const BUDGET = 50

const postCsv = (site: CreatedSite, csv: string) => call('POST', '/api/v1/import', site.apiKey, csv, { 'Content-Type': 'text/csv' })
const calibrate = (site: CreatedSite, q = '') => call('POST', `/api/v1/scoring/calibrate${q}`, site.apiKey, '')
const getJob = async (site: CreatedSite, id: string) => (await json<{ job: JobView }>(await call('GET', `/api/v1/jobs/${id}`, site.apiKey))).job

/**
 * Runs job `id` one step at a time with a counting D1, as the cron would, until it is final; returns it
 * with the most queries one step took and how many steps ran.
 */
async function drive(site: CreatedSite, id: string): Promise<{ job: JobView; maxQueries: number; steps: number }> {
  let maxQueries = 0
  let steps = 0
  for (let i = 0; i < 400; i++) {
    const job = await getJob(site, id)
    if (job.status === 'done' || job.status === 'failed') return { job, maxQueries, steps }
    const { db, counts } = countingD1(env.DB)
    const ran = await runJobs({ ...env, DB: db }, { jobId: id, maxSteps: 1 })
    steps += ran.steps
    maxQueries = Math.max(maxQueries, counts.queries)
    if (ran.steps === 0) await new Promise((r) => setTimeout(r, 20)) // the request's waitUntil holds the lease
  }
  throw new Error('job never finished')
}

/** Drives every other unfinished job of the site (the rescore an import or an adoption hands on). */
async function driveRest(site: CreatedSite) {
  for (const j of await rows<{ id: string }>("select id from jobs where site_id = ? and status in ('queued', 'running')", site.id)) await drive(site, j.id)
}

/** A runner claims the job's next step, does its work and dies before committing; its lease then lapses. */
async function dieMidStep(jobId: string) {
  const dead = await claimJob(env.DB, Date.now(), jobId)
  expect(dead).toBeDefined()
  const lost = await stepFor(dead!)(env, dead!, Date.now())
  await env.DB.prepare('update jobs set lease_until = ? where id = ?').bind(Date.now() - 1, jobId).run()
  return { dead: dead!, lost }
}

describe('a large CSV import is a job', () => {
  it('stages the file, writes it a bounded page a step, survives a runner dying mid-step, and stores every lead and event once', async () => {
    const site = await createSite({ alerts: { webhookUrl: 'http://127.0.0.1:9/never' } })
    const csv = leadFile(1_100)
    const posted = await invoke('POST', '/api/v1/import', site.apiKey, csv, 'text/csv')
    expect(posted.queries).toBeLessThanOrEqual(BUDGET) // staging, the first step, and the steps after the answer
    const body = await json<{ rows: number; job: JobView }>(posted.res, 202)
    expect(body.rows).toBe(1_100)
    expect(body.job).toMatchObject({ kind: 'import-file', total: 1_100 })
    // wait out the request's own background steps, then kill a runner in the middle of the next one
    for (let i = 0; i < 200 && (await rows<{ l: number | null }>('select lease_until l from jobs where id = ?', body.job.id))[0].l; i++) await new Promise((r) => setTimeout(r, 20))
    const before = await getJob(site, body.job.id)
    expect(before.status).toBe('running')
    const { dead, lost } = await dieMidStep(body.job.id)
    expect(lost.advanced).toBeGreaterThan(0)

    const { job, maxQueries, steps } = await drive(site, body.job.id)
    expect(job).toMatchObject({ status: 'done', done: 1_100, result: { rows: 1_100, created: 1_100, updated: 0, withOutcome: 1_100 } })
    expect(steps).toBeGreaterThan(1)
    expect(maxQueries).toBeLessThanOrEqual(BUDGET)
    console.info(`import of 1,100 rows: request ${posted.queries} D1 queries; ${steps} steps after it, at most ${maxQueries} queries a step`)
    expect(await commitStep(env.DB, dead, lost, Date.now())).toBe(false) // the dead runner cannot commit late

    const [leads] = await rows<{ n: number; emails: number; won: number }>("select count(*) n, count(distinct email) emails, sum(outcome = 'won') won from leads where site_id = ?", site.id)
    expect(leads).toEqual({ n: 1_100, emails: 1_100, won: 550 })
    const [ev] = await rows<{ n: number; distinctIds: number; visitors: number }>('select count(*) n, count(distinct visitor_id || eid) distinctIds, count(distinct visitor_id) visitors from events where site_id = ?', site.id)
    expect(ev.n).toBe(ev.distinctIds)
    expect(ev.visitors).toBeGreaterThan(1_000)
    expect((job.result as { events: number }).events).toBe(ev.n)
    expect(await rows('select * from job_rows where job_id = ?', body.job.id)).toHaveLength(0)

    // the imported leads are handed to a rescore job in the same commit: exactly one
    const rescores = await rows<{ id: string; kind: string }>("select id, kind from jobs where site_id = ? and kind = 'import'", site.id)
    expect(rescores.map((r) => r.id)).toEqual([(job.result as { rescoreJob: string }).rescoreJob])
    await driveRest(site)
    expect(await rows('select id from leads where site_id = ? and model_version = -1', site.id)).toHaveLength(0)
    expect(await rows('select * from alerts where site_id = ?', site.id)).toHaveLength(0)

    // the same file again: every row updates, nothing new is stored
    const again = await json<{ job: JobView }>(await postCsv(site, csv), 202)
    const second = await drive(site, again.job.id)
    expect(second.job.result).toMatchObject({ created: 0, updated: 1_100 })
    expect((await rows<{ n: number }>('select count(*) n from events where site_id = ?', site.id))[0].n).toBe(ev.n)
  })
})

describe('calibration on more labelled leads than one step reads is a job', () => {
  it('gathers in pages, fits once, and with apply=true adopts the model exactly once even when the fit step is re-run', async () => {
    const site = await createSite()
    const imported = await json<{ job: JobView }>(await postCsv(site, leadFile(700)), 202)
    await drive(site, imported.job.id)
    await driveRest(site)

    const res = await invoke('POST', '/api/v1/scoring/calibrate?apply=true', site.apiKey, '')
    expect(res.queries).toBeLessThanOrEqual(BUDGET)
    const { job: started } = await json<{ job: JobView }>(res.res, 202)
    expect(started).toMatchObject({ kind: 'calibrate', total: 700 })
    expect(started.done).toBeLessThan(700)
    // let the gather finish, then kill a runner in the middle of the fit (it computed the proposal)
    for (let i = 0; i < 50; i++) {
      const [j] = await rows<{ state: string; l: number | null }>('select state, lease_until l from jobs where id = ?', started.id)
      if (JSON.parse(j.state).phase === 'fit' && !j.l) break
      if (!j.l) await runJobs(env, { jobId: started.id, maxSteps: 1 })
      else await new Promise((r) => setTimeout(r, 20))
    }
    const { dead, lost } = await dieMidStep(started.id)
    expect(lost.finished).toBe(true)

    const { job, maxQueries } = await drive(site, started.id)
    expect(maxQueries).toBeLessThanOrEqual(BUDGET)
    console.info(`calibration of 700 labelled leads: request ${res.queries} D1 queries; at most ${maxQueries} queries a step after it`)
    expect(await commitStep(env.DB, dead, lost, Date.now())).toBe(false)
    expect(job).toMatchObject({ status: 'done', done: 700, result: { applied: true, version: 1, sample: { labelled: 700, used: 700 } } })
    const r = job.result as { report: { n: number; won: number; lost: number; holdout: { proposed: { auc: number } } }; proposed: { thresholds: { sql: number } }; rescoreJob: string }
    expect(r.report).toMatchObject({ n: 700, won: 350, lost: 350 })
    expect(r.report.holdout.proposed.auc).toBeGreaterThan(0.75) // the file has a real signal

    // exactly once: one new model version, one adoption in the audit log, one rescore job
    expect(await rows<{ version: number }>('select version from scoring_models where site_id = ?', site.id)).toEqual([{ version: 1 }])
    expect((await rows<{ v: number }>('select model_version v from sites where id = ?', site.id))[0].v).toBe(1)
    const adopt = await rows<{ target: string; actor: string }>("select target, actor from audit_log where site_id = ? and action = 'calibration.adopt'", site.id)
    expect(adopt).toEqual([{ target: '1', actor: 'key:default' }])
    const rescores = await rows<{ id: string }>("select id from jobs where site_id = ? and kind = 'rescore'", site.id)
    expect(rescores.map((x) => x.id)).toEqual([r.rescoreJob])
    expect(await rows('select * from job_rows where job_id = ?', started.id)).toHaveLength(0)
    await driveRest(site)
    expect(await rows('select distinct model_version v from leads where site_id = ?', site.id)).toEqual([{ v: 1 }])
  })

  it('without apply it reports and changes nothing; with too few outcomes the job fails saying why', async () => {
    const site = await createSite()
    await drive(site, (await json<{ job: JobView }>(await postCsv(site, leadFile(400)), 202)).job.id)
    const { job } = await json<{ job: JobView }>(await calibrate(site), 202)
    const done = (await drive(site, job.id)).job
    expect(done).toMatchObject({ status: 'done', result: { applied: false, version: null, report: { n: 400 } } })
    expect(await rows('select version from scoring_models where site_id = ?', site.id)).toHaveLength(0)

    // 240 labelled leads, every one won
    const lopsided = await createSite()
    const allWon = leadFile(480).split('\r\n').filter((line, i) => i === 0 || line.endsWith(',1')).join('\r\n')
    await drive(lopsided, (await json<{ job: JobView }>(await postCsv(lopsided, allWon), 202)).job.id)
    const failed = (await drive(lopsided, (await json<{ job: JobView }>(await calibrate(lopsided, '?apply=true'), 202)).job.id)).job
    expect(failed.status).toBe('failed')
    expect(failed.error).toMatch(/lost/)
    expect(await rows('select version from scoring_models where site_id = ?', lopsided.id)).toHaveLength(0)
  })
})

describe("the app's calibration on a large site", () => {
  const BASE = 'https://lb.test'
  const form = (session: string, path: string, body: Record<string, string>) =>
    SELF.fetch(`${BASE}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: `lb_session=${session}`, 'Content-Type': 'application/x-www-form-urlencoded', Origin: BASE },
      body: new URLSearchParams(body).toString(),
    })
  const page = async (session: string, path: string) => (await SELF.fetch(`${BASE}${path}`, { headers: { Cookie: `lb_session=${session}` }, redirect: 'manual' })).text()
  const signIn = async (site: CreatedSite) => {
    const res = await SELF.fetch(`${BASE}/app/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: BASE },
      body: new URLSearchParams({ key: site.apiKey }).toString(),
    })
    return /^lb_session=([^;]+)/.exec(res.headers.get('Set-Cookie') ?? '')![1]
  }

  it('starts a job, shows its progress, then its report, and applies the proposal it reported', async () => {
    const site = await createSite()
    await drive(site, (await json<{ job: JobView }>(await postCsv(site, leadFile(900)), 202)).job.id)
    await driveRest(site)
    const session = await signIn(site)

    const started = await form(session, '/app/scoring/calibrate', {})
    expect(started.status).toBe(303)
    const where = started.headers.get('Location')!
    const jobId = /calibration=(job_[a-z0-9]+)/.exec(where)![1]
    // the request read four pages of 200 (one inline, three after its answer): the job is still gathering
    const running = await page(session, where)
    expect(running).toContain('id="calibration-progress"')
    expect(running).toMatch(/800 of 900 labelled leads read/)

    const { job } = await drive(site, jobId)
    expect(job.status).toBe('done')
    const report = await page(session, where)
    expect(report).toMatch(/900 outcomes \(450 won, 450 lost\); 270 held out/)
    expect(report).toContain(`name="job" value="${jobId}"`)
    expect((report.match(/<path/g) ?? []).length).toBeGreaterThanOrEqual(2) // both ROC curves

    // another site's admin can neither read this report nor adopt its proposal by naming the job
    const other = await createSite()
    const otherSession = await signIn(other)
    expect(await page(otherSession, where)).not.toContain('900 outcomes')
    expect((await form(otherSession, '/app/scoring/calibrate', { apply: 'yes', job: jobId })).status).toBe(409)
    expect(await rows('select version from scoring_models where site_id in (?, ?)', site.id, other.id)).toEqual([])

    const applied = await form(session, '/app/scoring/calibrate', { apply: 'yes', job: jobId })
    expect(applied.status).toBe(303)
    expect(applied.headers.get('Location')).toBe('/app/scoring?saved=1')
    const [model] = await rows<{ model: string }>('select model from scoring_models where site_id = ? and version = 1', site.id)
    expect(JSON.parse(model.model)).toEqual((job.result as { proposed: unknown }).proposed)
  })
})
