import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { accountQuery, accountsQuery } from '../../../worker/db/accounts'
import { database } from '../../../worker/db/client'
import { keysQuery } from '../../../worker/db/keys'
import { RESCORE_LEADS } from '../../../worker/db/rescore'
import { PURGE_SQL } from '../../../worker/db/retention'
import { type LeadFilters, type LeadSort, leadsPageQuery, SORTS } from '../../../worker/db/leads-query'
import { DEFAULT_MODEL } from '../../../worker/scoring'

/**
 * `EXPLAIN QUERY PLAN` of the exact SQL each list route runs: on the tables that grow with a site, every
 * table is reached through an index (a bare `SCAN leads` would read every site's leads).
 */
async function plan(q: { toSQL(): { sql: string; params: unknown[] } }): Promise<string[]> {
  const { sql, params } = q.toSQL()
  const r = await env.DB.prepare(`explain query plan ${sql}`).bind(...params).all<{ detail: string }>()
  return r.results.map((x) => x.detail)
}

const BIG = ['leads', 'events', 'visitors', 'stage_transitions', 'alerts', 'jobs']
const fullScans = (lines: string[]) => lines.filter((l) => BIG.some((t) => new RegExp(`^SCAN ${t}\\b(?! USING (COVERING )?INDEX)`).test(l)))

const db = database(env.DB)
const now = Date.now()
const FILTERS: Record<string, LeadFilters> = {
  none: {},
  stage: { stages: ['mql', 'sql'] },
  minScore: { minScore: 10 },
  email: { email: 'a@acme.test' },
  since: { since: now - 86_400_000 },
  domain: { domain: 'acme.test' },
}

describe('list queries use indexes', () => {
  for (const sort of SORTS) {
    for (const [name, filters] of Object.entries(FILTERS)) {
      for (const after of [null, { s: sort, n: now, v: 12, id: 'ld_x' }]) {
        it(`leads sort=${sort} filter=${name}${after ? ' (next page)' : ''}`, async () => {
          const lines = await plan(leadsPageQuery(db, 'site_x', DEFAULT_MODEL, filters, sort as LeadSort, 50, after, now))
          expect(lines.length).toBeGreaterThan(0)
          expect(fullScans(lines), lines.join('\n')).toEqual([])
          expect(lines.join('\n')).toMatch(/USING (COVERING )?INDEX leads_/)
        })
      }
    }
  }

  it('leads sort=-lastSeenAt reads in index order (no sort of the whole site)', async () => {
    const lines = await plan(leadsPageQuery(db, 'site_x', DEFAULT_MODEL, {}, '-lastSeenAt', 50, null, now))
    expect(lines.join('\n')).toContain('leads_site_last_seen')
    expect(lines.join('\n')).not.toContain('TEMP B-TREE')
  })

  it('accounts (the list and one account)', async () => {
    for (const q of [accountsQuery(db, 'site_x'), accountQuery(db, 'site_x', 'acme.test')]) {
      const lines = await plan(q)
      expect(fullScans(lines), lines.join('\n')).toEqual([])
      expect(lines.join('\n')).toMatch(/INDEX leads_site_account/)
    }
  })

  it('keys', async () => {
    const lines = await plan(keysQuery(db, 'site_x'))
    expect(lines.join('\n')).toMatch(/SEARCH api_keys USING INDEX api_keys_site/)
  })

  it("the job runner's pick and a rescore step", async () => {
    const pick = await env.DB.prepare(
      `explain query plan select id from jobs where status in ('queued', 'running') and coalesce(lease_until, 0) < ?1 order by created_at limit 1`,
    )
      .bind(now)
      .all<{ detail: string }>()
    expect(fullScans(pick.results.map((r) => r.detail))).toEqual([])
    const step = await env.DB.prepare(`explain query plan ${RESCORE_LEADS}`)
      .bind('s', 1, 200)
      .all<{ detail: string }>()
    const lines = step.results.map((r) => r.detail)
    expect(lines.join('\n')).toMatch(/INDEX leads_site_model/)
    expect(lines.join('\n')).toMatch(/INDEX events_lead_at/)
    expect(fullScans(lines), lines.join('\n')).toEqual([])
  })

  it("the cron's retention: anonymous visitors' rows by their own index range, never the site's events one by one", async () => {
    const explain = async (sql: string) =>
      (await env.DB.prepare(`explain query plan ${sql}`).bind(now, 500, 100).all<{ detail: string }>()).results.map((r) => r.detail)
    const anonEvents = await explain(PURGE_SQL.anonEvents)
    expect(anonEvents.join('\n')).toMatch(/SEARCH v USING INDEX visitors_anon_seen \(site_id=\? AND last_seen_at<\?\)/)
    expect(anonEvents.join('\n')).toMatch(/SEARCH x USING COVERING INDEX events_visitor_eid \(visitor_id=\?\)/)
    expect(anonEvents.join('\n')).not.toMatch(/events_site_at/)
    const anonVisitors = await explain(PURGE_SQL.anonVisitors)
    expect(anonVisitors.join('\n')).toMatch(/SEARCH x USING INDEX visitors_anon_seen \(site_id=\? AND last_seen_at<\?\)/)
    for (const sql of Object.values(PURGE_SQL)) {
      const lines = await explain(sql)
      expect(fullScans(lines), lines.join('\n')).toEqual([])
    }
  })
})
