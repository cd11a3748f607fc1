// Retention in the cron is bounded per run: a site with a large backlog of expired rows is purged over
// several runs, each under the D1 query budget, and its backlog does not hold up another site's purge.
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../../worker/index'
import { PURGE_CHUNK, PURGE_PER_SITE } from '../../worker/db/retention'
import { createSite, rows } from './helpers'
import { countingD1 } from './support/d1-counter'

const BUDGET = 50
const DAY = 86_400_000

/** One cron run at `now` with a counting D1; its waitUntil work included. */
async function cron(now: number): Promise<number> {
  const { db, counts } = countingD1(env.DB)
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime: now, cron: '* * * * *' }), { ...env, DB: db }, ctx)
  await waitOnExecutionContext(ctx)
  return counts.queries
}

/** `n` events `days` old on one visitor of the site, and `anon` anonymous visitors as old with one event each. */
async function seedExpired(siteId: string, n: number, anon: number, days: number) {
  const at = Date.now() - days * DAY
  await env.DB.batch([
    env.DB.prepare(
      `with recursive seq(k) as (select 1 union all select k + 1 from seq where k < ?2)
       insert into events (site_id, visitor_id, eid, type, path, at, received_at) select ?1, ?1 || '_vold', 'e' || k, 'page_view', '/old', ?3, ?3 from seq`,
    ).bind(siteId, n, at),
    env.DB.prepare(
      `with recursive seq(k) as (select 1 union all select k + 1 from seq where k < ?2)
       insert into visitors (id, site_id, vid, scored_at, first_seen_at, last_seen_at) select ?1 || '_anon' || k, ?1, 'anon' || k, ?3, ?3, ?3 from seq`,
    ).bind(siteId, anon, at),
    env.DB.prepare(
      `insert into events (site_id, visitor_id, eid, type, path, at, received_at) select ?1, id, 'a1', 'page_view', '/anon', ?2, ?2 from visitors where site_id = ?1 and lead_id is null`,
    ).bind(siteId, at),
  ])
}

describe('retention in the cron', () => {
  it('purges a large backlog over several runs, each under the query budget, while a small site is purged in the first', async () => {
    const big = await createSite()
    const small = await createSite()
    await env.DB.prepare('update sites set retention_days = 2 where id in (?, ?)').bind(big.id, small.id).run()
    await seedExpired(big.id, 2_600, 700, 5)
    await seedExpired(small.id, 12, 3, 5)
    // a fresh event of the big site stays
    await env.DB.prepare(`insert into events (site_id, visitor_id, eid, type, path, at, received_at) values (?1, ?1 || '_vnew', 'n1', 'page_view', '/new', ?2, ?2)`).bind(big.id, Date.now()).run()
    const count = async (q: string, site: string) => (await rows<{ n: number }>(q, site))[0].n
    const left = (site: string) => count('select count(*) n from events where site_id = ?', site)
    const anon = (site: string) => count('select count(*) n from visitors where site_id = ? and lead_id is null', site)

    const perRun: number[] = []
    let before = await left(big.id)
    let runs = 0
    for (; runs < 40 && ((await left(big.id)) > 1 || (await anon(big.id)) > 0); runs++) {
      perRun.push(await cron(Date.now()))
      const now = await left(big.id)
      // one statement per period a run, each at most PURGE_PER_SITE of one site's rows
      expect(before - now).toBeLessThanOrEqual(2 * PURGE_PER_SITE)
      before = now
      if (runs === 0) {
        expect(await left(small.id)).toBe(0)
        expect(await anon(small.id)).toBe(0)
      }
    }
    expect(await left(big.id)).toBe(1)
    expect(await anon(big.id)).toBe(0)
    expect(runs).toBeGreaterThanOrEqual(Math.ceil(3_300 / (2 * PURGE_PER_SITE)))
    expect(Math.max(...perRun)).toBeLessThanOrEqual(BUDGET)
    expect(PURGE_PER_SITE).toBeLessThanOrEqual(PURGE_CHUNK)
    console.info(`retention: ${runs} cron runs for 3,300 expired events and 700 anonymous visitors; D1 queries per run: ${perRun.join(', ')}`)
  })
})
