import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../worker/index'
import { claimJob, commitStep, createJob, type JobView } from '../../worker/db/jobs'
import { database } from '../../worker/db/client'
import { saveModel } from '../../worker/db/models'
import { STEP_LEADS } from '../../worker/db/rescore'
import { runJobs } from '../../worker/jobs/runner'
import { stepFor } from '../../worker/jobs/steps'
import { DEFAULT_MODEL } from '../../worker/scoring'
import { call, json } from './api/api-helpers'
import { type CreatedSite, createSite, rows } from './helpers'

/**
 * `n` leads on model version 0 in two statements (a recursive CTE), a pricing view for every tenth:
 * fast enough to seed 10,000, real enough that a rescore changes scores and stages.
 */
async function seedLeads(site: CreatedSite, n: number) {
  const now = Date.now()
  await env.DB.batch([
    env.DB.prepare(
      `with recursive seq(k) as (select 1 union all select k + 1 from seq where k < ?2)
       insert into leads (id, site_id, email, scored_at, first_seen_at, last_seen_at, created_at)
       select ?1 || '_ld' || k, ?1, 'p' || k || '@bulk.test', ?3, ?3, ?3, ?3 from seq`,
    ).bind(site.id, n, now),
    env.DB.prepare(
      `insert into events (site_id, visitor_id, lead_id, eid, type, path, at, received_at)
       select ?1, 'vi_' || id, id, 'e1', 'page_view', '/pricing', ?2, ?2 from leads where site_id = ?1 and cast(substr(email, 2) as integer) % 10 = 0`,
    ).bind(site.id, now - 60_000),
  ])
}

/** Every tenth lead (with a pricing view) becomes an MQL under it; the others do not move. */
const easyModel = { ...DEFAULT_MODEL, thresholds: { mql: 1, sql: 10_000 } }

const putModel = (site: CreatedSite, model: unknown, q = '') => call('PUT', `/api/v1/scoring${q}`, site.apiKey, model)
const getJob = async (site: CreatedSite, id: string) => (await json<{ job: JobView }>(await call('GET', `/api/v1/jobs/${id}`, site.apiKey))).job

/** Drives the runner as the cron would, until the job is final (bounded, so a stuck job fails the test). */
async function drive(site: CreatedSite, id: string): Promise<JobView> {
  for (let i = 0; i < 400; i++) {
    const job = await getJob(site, id)
    if (job.status === 'done' || job.status === 'failed') return job
    const { steps } = await runJobs(env, { maxSteps: 10 })
    if (steps === 0) await new Promise((r) => setTimeout(r, 20)) // the request's waitUntil holds the lease
  }
  throw new Error('job never finished')
}

async function tick() {
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }), env, ctx)
  await waitOnExecutionContext(ctx)
}

describe('background jobs', () => {
  it('a model change on 10,000 leads answers 202 at once and completes as a job, every lead rescored exactly once', async () => {
    const site = await createSite()
    await seedLeads(site, 10_000)
    const res = await putModel(site, easyModel)
    const body = await json<{ version: number; job: JobView }>(res, 202)
    expect(body.version).toBe(1)
    expect(body.job).toMatchObject({ kind: 'rescore', total: 10_000 })
    expect(body.job.status).not.toBe('done')
    expect(body.job.done).toBeLessThanOrEqual(STEP_LEADS)

    await tick() // the cron continues it too
    const done = await drive(site, body.job.id)
    expect(done).toMatchObject({ status: 'done', done: 10_000, total: 10_000 })
    const [counts] = await rows<{ n: number; onV1: number; onceBumped: number; mql: number }>(
      `select count(*) as n, sum(model_version = 1) as onV1, sum(version = 1) as onceBumped, sum(stage = 'mql') as mql from leads where site_id = ?`,
      site.id,
    )
    expect(counts).toEqual({ n: 10_000, onV1: 10_000, onceBumped: 10_000, mql: 1_000 })
    const [tr] = await rows<{ n: number; leads: number }>("select count(*) as n, count(distinct lead_id) as leads from stage_transitions where site_id = ? and source = 'rescore'", site.id)
    expect(tr).toEqual({ n: 1_000, leads: 1_000 })
    expect(done.result).toMatchObject({ rescored: 10_000, stageChanges: 1_000 })
  })

  it('a job whose runner died mid-step resumes after the lease lapses and finishes exactly once; the dead runner cannot commit late', async () => {
    const site = await createSite()
    await seedLeads(site, 1_000)
    const db = database(env.DB)
    const version = await saveModel(db, site.id, easyModel, Date.now(), { who: { actor: 'key:test' } })
    const job = await createJob(db, { siteId: site.id, kind: 'rescore', total: 1_000, state: { version, source: 'rescore', changes: 0, sample: [] } }, Date.now())

    // a runner claims a step, does its work, and dies before committing
    const dead = await claimJob(env.DB, Date.now(), job.id)
    expect(dead).toBeDefined()
    const lost = await stepFor(dead!)(env, dead!, Date.now())
    expect(lost.advanced).toBe(STEP_LEADS)
    // while its lease lives nobody else takes the job
    expect((await runJobs(env, { jobId: job.id })).steps).toBe(0)
    // the lease lapses as if the runner had died
    await env.DB.prepare('update jobs set lease_until = ? where id = ?').bind(Date.now() - 1, job.id).run()

    const done = await drive(site, job.id)
    expect(done).toMatchObject({ status: 'done', done: 1_000, total: 1_000 })
    // the dead runner wakes up and tries to commit its step: refused, nothing written
    expect(await commitStep(env.DB, dead!, lost, Date.now())).toBe(false)

    const [counts] = await rows<{ n: number; onV: number; onceBumped: number }>(
      'select count(*) as n, sum(model_version = ?) as onV, sum(version = 1) as onceBumped from leads where site_id = ?',
      version,
      site.id,
    )
    expect(counts).toEqual({ n: 1_000, onV: 1_000, onceBumped: 1_000 })
    const [tr] = await rows<{ n: number; leads: number }>('select count(*) as n, count(distinct lead_id) as leads from stage_transitions where site_id = ?', site.id)
    expect(tr).toEqual({ n: 100, leads: 100 })
    const [row] = await rows<{ attempts: number; done: number }>('select attempts, done from jobs where id = ?', job.id)
    expect(row.attempts).toBeGreaterThan(1 + Math.ceil(1_000 / STEP_LEADS) - 1)
    expect(row.done).toBe(1_000)
  })

  it('a newer model change supersedes a running rescore; the newest model wins everywhere', async () => {
    const site = await createSite()
    await seedLeads(site, 1_000)
    const first = await json<{ job: JobView }>(await putModel(site, easyModel), 202)
    const harder = { ...DEFAULT_MODEL, thresholds: { mql: 5_000, sql: 10_000 } }
    const second = await json<{ version: number; job: JobView }>(await putModel(site, harder), 202)
    expect(second.version).toBe(2)

    const old = await getJob(site, first.job.id)
    expect(old).toMatchObject({ status: 'failed', supersededBy: second.job.id })
    const done = await drive(site, second.job.id)
    expect(done.status).toBe('done')
    expect(await getJob(site, first.job.id)).toMatchObject({ status: 'failed', supersededBy: second.job.id })
    const [counts] = await rows<{ n: number; onV2: number }>('select count(*) as n, sum(model_version = 2) as onV2 from leads where site_id = ?', site.id)
    expect(counts).toEqual({ n: 1_000, onV2: 1_000 })
  })

  it('a dry run past one step is a job whose result lists the changes, and saves nothing', async () => {
    const site = await createSite()
    await seedLeads(site, 450)
    const body = await json<{ dryRun: boolean; version: null; job: JobView }>(await putModel(site, easyModel, '?dryRun=true'), 202)
    expect(body).toMatchObject({ dryRun: true, version: null, job: { kind: 'preview', total: 450 } })
    const done = await drive(site, body.job.id)
    expect(done).toMatchObject({ status: 'done', done: 450, result: { scanned: 450, stageChanges: 45 } })
    expect((done.result as { leads: unknown[] }).leads).toHaveLength(45)
    const [counts] = await rows<{ moved: number; v: number }>("select sum(stage != 'known') as moved, max(model_version) as v from leads where site_id = ?", site.id)
    expect(counts).toEqual({ moved: 0, v: 0 })
  })

  it("shows a job to its own site only: another site's job is 404", async () => {
    const site = await createSite()
    const other = await createSite()
    await seedLeads(site, 300)
    const { job } = await json<{ job: JobView }>(await putModel(site, easyModel), 202)
    const seen = await getJob(site, job.id)
    expect(seen).toMatchObject({ id: job.id, kind: 'rescore', status: expect.stringMatching(/^(queued|running|done)$/), total: 300 })
    expect(seen.done).toBeGreaterThanOrEqual(job.done)
    expect((await call('GET', `/api/v1/jobs/${job.id}`, other.apiKey)).status).toBe(404)
    expect((await call('GET', '/api/v1/jobs/job_nope', site.apiKey)).status).toBe(404)
    expect((await call('GET', `/api/v1/jobs/${job.id}`, null)).status).toBe(401)
  })
  it('an erasure answers 204 at once and deletes the events of a long history in bounded steps; job findings lose the email', async () => {
    const site = await createSite()
    await seedLeads(site, 450)
    const preview = await json<{ job: JobView }>(await putModel(site, easyModel, '?dryRun=true'), 202)
    expect((await drive(site, preview.job.id)).result).toBeDefined()
    const lead = `${site.id}_ld10`
    // a history of 1,200 events on the lead's device
    await env.DB.prepare(
      `with recursive seq(k) as (select 1 union all select k + 1 from seq where k < 1200)
       insert into events (site_id, visitor_id, lead_id, eid, type, path, at, received_at) select ?1, ?2, ?2, 'h' || k, 'page_view', '/p', ?3, ?3 from seq`,
    )
      .bind(site.id, lead, Date.now())
      .run()
    const res = await call('DELETE', `/api/v1/leads/${lead}`, site.apiKey)
    expect(res.status).toBe(204)
    expect((await call('GET', `/api/v1/leads/${lead}`, site.apiKey)).status).toBe(404)
    const [job] = await rows<{ id: string; total: number }>("select id, total from jobs where site_id = ? and kind = 'erase'", site.id)
    expect(job.total).toBe(1_201)
    const done = await drive(site, job.id)
    expect(done).toMatchObject({ kind: 'erase', status: 'done', done: 1_201 })
    const [{ attempts }] = await rows<{ attempts: number }>('select attempts from jobs where id = ?', job.id)
    expect(attempts).toBeGreaterThanOrEqual(3) // 500 events a step
    expect(await rows('select id from events where lead_id = ?', lead)).toHaveLength(0)
    const text = JSON.stringify(await rows('select * from jobs where site_id = ?', site.id))
    expect(text).not.toContain('p10@bulk.test')
    expect(text).not.toContain(lead)
  })
  it('the cron forgets jobs finished more than a week ago, and keeps the rest', async () => {
    const site = await createSite()
    const db = database(env.DB)
    const old = await createJob(db, { siteId: site.id, kind: 'preview', total: 0, state: {} }, Date.now())
    const recent = await createJob(db, { siteId: site.id, kind: 'preview', total: 0, state: {} }, Date.now())
    await env.DB.prepare("update jobs set status = 'done', updated_at = ? where id = ?").bind(Date.now() - 8 * 86_400_000, old.id).run()
    await env.DB.prepare("update jobs set status = 'done' where id = ?").bind(recent.id).run()
    await tick()
    expect((await rows<{ id: string }>('select id from jobs where site_id = ?', site.id)).map((j) => j.id)).toEqual([recent.id])
  })
})
