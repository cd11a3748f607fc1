import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { demoSeedSql } from '../../scripts/lib.mjs'
import { demoPeople, seedDemoSite } from '../../scripts/seed-demo.mjs'
import { rows } from './helpers'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const BASE = 'https://lb.test'
const viaWorker = (url: string, init?: RequestInit) => SELF.fetch(url, init)

interface Times {
  id: string
  email: string
  stage: string
  outcome: string | null
  first_seen_at: number
  last_seen_at: number
  mql_at: number | null
  sql_at: number | null
}

const siteState = async () => ({
  leads: await rows<Times>("select id, email, stage, outcome, first_seen_at, last_seen_at, mql_at, sql_at from leads where site_id = 'site_demo' order by id"),
  events: await rows("select count(*) as n from events where site_id = 'site_demo'"),
  transitions: await rows("select id, to_stage, at from stage_transitions where site_id = 'site_demo' order by id"),
  alerts: await rows("select id from alerts where site_id = 'site_demo' order by id"),
  audit: await rows("select id from audit_log where site_id = 'site_demo' order by id"),
})

describe('the demo seed (scripts/seed-demo.mjs) through the real endpoints', () => {
  it('dates leads by their visits over the last weeks, and a second seeding days later changes nothing', async () => {
    for (const stmt of demoSeedSql().split(';').filter((x) => x.trim())) await env.DB.prepare(stmt).run()
    const now = Date.now()
    const first = await seedDemoSite(BASE, { now, fetch: viaWorker })
    const people = demoPeople(now)
    expect(first.leads).toBe(people.length)
    expect(first.stored).toBeGreaterThan(people.length * 5)
    expect(first.decided).toBeGreaterThan(0)

    const before = await siteState()
    const leads = before.leads
    expect(leads).toHaveLength(people.length)
    // first and last seen follow the visits: spread over many days, none "just now"
    const days = (xs: number[]) => new Set(xs.map((t) => Math.floor(t / DAY))).size
    expect(days(leads.map((l) => l.first_seen_at))).toBeGreaterThanOrEqual(8)
    expect(days(leads.map((l) => l.last_seen_at))).toBeGreaterThanOrEqual(6)
    for (const l of leads) {
      expect(l.first_seen_at).toBeGreaterThan(now - 30 * DAY)
      expect(l.last_seen_at).toBeLessThan(now - HOUR)
      expect(l.last_seen_at).toBeGreaterThanOrEqual(l.first_seen_at)
      if (l.mql_at !== null) expect(l.mql_at).toBeGreaterThanOrEqual(l.first_seen_at)
      if (l.sql_at !== null) {
        expect(l.mql_at).not.toBeNull()
        expect(l.sql_at).toBeGreaterThanOrEqual(l.mql_at as number)
        expect(l.sql_at).toBeLessThanOrEqual(l.last_seen_at)
      }
    }
    const sql = leads.filter((l) => l.sql_at !== null)
    expect(sql.length).toBeGreaterThanOrEqual(5)
    expect(days(sql.map((l) => l.sql_at as number))).toBeGreaterThanOrEqual(3)

    const again = await seedDemoSite(BASE, { now: now + 3 * DAY, fetch: viaWorker })
    expect(again).toEqual({ leads: people.length, stored: 0, decided: 0 })
    expect(await siteState()).toEqual(before)
  })
})
