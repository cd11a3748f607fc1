// Deleting a site: unreadable at once, its rows deleted by a job in bounded steps (each under the D1
// query budget), finishing after a runner died mid-step, with nothing of the site left.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { claimJob, commitStep } from '../../worker/db/jobs'
import { SITE_DELETE_STEP_ROWS } from '../../worker/db/site-delete'
import { runJobs } from '../../worker/jobs/runner'
import { stepFor } from '../../worker/jobs/steps'
import { call } from './api/api-helpers'
import { ADMIN, createSite, ident, ORIGIN, pv, rows, send, uid } from './helpers'
import { countingD1 } from './support/d1-counter'
import { invoke } from './support/invoke'

const BUDGET = 50
const TABLES = ['leads', 'visitors', 'events', 'api_keys', 'audit_log', 'alerts', 'stage_transitions', 'scoring_models', 'jobs']

describe('deleting a large site', () => {
  it('answers 204 with the site unreadable at once, then deletes its rows in bounded steps, surviving a runner dying mid-step', async () => {
    const site = await createSite()
    const keep = await createSite()
    await send({ s: site.siteKey, v: uid('v'), e: [pv('/pricing'), ident(`${uid('d')}@gone.test`)] })
    await send({ s: keep.siteKey, v: uid('v'), e: [pv('/pricing'), ident(`${uid('k')}@kept.test`)] })
    const now = Date.now()
    await env.DB.batch([
      env.DB.prepare(
        `with recursive seq(k) as (select 1 union all select k + 1 from seq where k < 600)
         insert into leads (id, site_id, email, scored_at, first_seen_at, last_seen_at, created_at) select ?1 || '_ld' || k, ?1, 'p' || k || '@bulk.test', ?2, ?2, ?2, ?2 from seq`,
      ).bind(site.id, now),
      env.DB.prepare(
        `with recursive seq(k) as (select 1 union all select k + 1 from seq where k < 30000)
         insert into events (site_id, visitor_id, lead_id, eid, type, path, at, received_at) select ?1, 'vi_bulk', ?1 || '_ld' || (1 + k % 600), 'e' || k, 'page_view', '/p', ?2, ?2 from seq`,
      ).bind(site.id, now),
    ])
    const op = (method: string, path: string) => call(method, path, ADMIN)

    const deleted = await invoke('DELETE', `/api/v1/sites/${site.id}`, ADMIN)
    expect(deleted.res.status).toBe(204)
    expect(deleted.queries).toBeLessThanOrEqual(BUDGET) // the request with the steps it runs after answering
    // at once: no key works, the operator neither lists nor finds it, ingest is refused, a second delete is 404
    expect((await call('GET', '/api/v1/site', site.apiKey)).status).toBe(401)
    expect((await op('DELETE', `/api/v1/sites/${site.id}`)).status).toBe(404)
    expect(((await (await op('GET', '/api/v1/sites')).json()) as { data: { id: string }[] }).data.map((s) => s.id)).not.toContain(site.id)
    const refused = await send({ s: site.siteKey, v: uid('v'), e: [pv('/x')] }, { origin: ORIGIN })
    expect(refused.status, await refused.clone().text()).toBe(403)
    const [job] = await rows<{ id: string; total: number }>("select id, total from jobs where site_id = ? and kind = 'delete-site'", site.id)
    expect(job.total).toBeGreaterThan(30_600)
    expect((await rows<{ n: number }>('select count(*) n from events where site_id = ?', site.id))[0].n).toBeGreaterThan(0) // not all in the request

    // wait out the request's own background steps, then a runner dies in the middle of the next one
    for (let i = 0; i < 200 && (await rows<{ l: number | null }>('select lease_until l from jobs where id = ?', job.id))[0]?.l; i++) await new Promise((r) => setTimeout(r, 20))
    const dead = await claimJob(env.DB, Date.now(), job.id)
    expect(dead).toBeDefined()
    const lost = await stepFor(dead!)(env, dead!, Date.now())
    expect(lost.advanced).toBe(SITE_DELETE_STEP_ROWS)
    await env.DB.prepare('update jobs set lease_until = ? where id = ?').bind(Date.now() - 1, job.id).run()

    let steps = 0
    let maxQueries = 0
    while ((await rows('select 1 from sites where id = ?', site.id)).length && steps < 50) {
      const { db, counts } = countingD1(env.DB)
      steps += (await runJobs({ ...env, DB: db }, { jobId: job.id, maxSteps: 1 })).steps
      maxQueries = Math.max(maxQueries, counts.queries)
    }
    expect(steps).toBeGreaterThanOrEqual(2)
    console.info(`site deletion: request ${deleted.queries} D1 queries; ${steps} steps after it, at most ${maxQueries} queries a step`)
    expect(maxQueries).toBeLessThanOrEqual(BUDGET)
    expect(await commitStep(env.DB, dead!, lost, Date.now())).toBe(false)
    for (const table of TABLES) expect(await rows(`select 1 from ${table} where site_id = ?`, site.id), table).toEqual([])
    expect(await rows('select 1 from sites where id = ?', site.id)).toEqual([])
    // the other site is untouched
    expect((await call('GET', '/api/v1/site', keep.apiKey)).status).toBe(200)
    expect((await rows('select 1 from events where site_id = ?', keep.id)).length).toBeGreaterThan(0)
  })
})
