// Every route and the cron stay under the D1 per-invocation query budget (the Free plan's 50) at the
// large growth cases: a site of 10,000+ leads and a lead with 5,000+ stored events. Each invocation runs
// through the Worker's own fetch / scheduled with a counting D1 binding, and its waitUntil work is
// awaited, because the platform counts that work against the same invocation.
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import worker from '../../worker/index'
import { DEFAULT_MODEL } from '../../worker/scoring'
import { ADMIN, type CreatedSite, createSite, ident, ORIGIN, pv, rows, uid } from './helpers'
import { countingD1, type D1Counts } from './support/d1-counter'

const BUDGET = 50
const LEADS = 10_000
const LONG = 5_200

interface Counted {
  status: number
  body: string
  counts: D1Counts
}

/** One invocation of the Worker's fetch with a counting D1, its waitUntil work included. */
async function invoke(method: string, path: string, key: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Counted> {
  const { db, counts } = countingD1(env.DB)
  const ctx = createExecutionContext()
  const h: Record<string, string> = { ...headers }
  if (key) h.Authorization = `Bearer ${key}`
  if (body !== undefined) h['Content-Type'] ??= 'application/json'
  const res = await worker.fetch(
    new Request(`https://lb.test${path}`, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) }),
    { ...env, DB: db },
    ctx,
  )
  const text = await res.text()
  await waitOnExecutionContext(ctx)
  return { status: res.status, body: text, counts }
}

/** One cron run with a counting D1. */
async function cron(): Promise<D1Counts> {
  const { db, counts } = countingD1(env.DB)
  const ctx = createExecutionContext()
  await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '* * * * *' }), { ...env, DB: db }, ctx)
  await waitOnExecutionContext(ctx)
  return counts
}

const seen: Record<string, number> = {}
function underBudget(name: string, c: Counted | D1Counts, status?: number) {
  const counts = 'counts' in c ? c.counts : c
  if ('counts' in c && status !== undefined) expect(c.status, `${name}: ${c.body}`).toBe(status)
  seen[name] = counts.queries
  expect(counts.queries, `${name}: ${counts.queries} queries\n${counts.sql.join('\n')}`).toBeLessThanOrEqual(BUDGET)
}

let site: CreatedSite
let longLead: string
let longVid: string

describe(`D1 queries per invocation at ${LEADS.toLocaleString('en')} leads and a ${LONG.toLocaleString('en')}-event lead`, () => {
  beforeAll(async () => {
    site = await createSite()
    const now = Date.now()
    // 10,000 leads over 500 company domains, every tenth with a pricing view
    await env.DB.batch([
      env.DB.prepare(
        `with recursive seq(k) as (select 1 union all select k + 1 from seq where k < ?2)
         insert into leads (id, site_id, email, account_domain, score, scored_at, first_seen_at, last_seen_at, created_at)
         select ?1 || '_ld' || k, ?1, 'p' || k || '@co' || (k % 500) || '.test', 'co' || (k % 500) || '.test', k % 120, ?3, ?3, ?3 - k * 1000, ?3 from seq`,
      ).bind(site.id, LEADS, now),
      env.DB.prepare(
        `insert into events (site_id, visitor_id, lead_id, eid, type, path, at, received_at)
         select ?1, 'vi_' || id, id, 'e1', 'page_view', '/pricing', ?2, ?2 from leads where site_id = ?1 and cast(substr(email, 2, instr(email, '@') - 2) as integer) % 10 = 0`,
      ).bind(site.id, now - 60_000),
    ])
    // a lead made by the snippet, then 5,200 stored events over 60 days on its device
    longVid = uid('v')
    const made = await invoke('POST', '/e', null, JSON.stringify({ s: site.siteKey, v: longVid, e: [ident('long@co1.test', { title: 'CTO' }), pv('/pricing')] }), {
      'Content-Type': 'text/plain;charset=UTF-8',
      Origin: ORIGIN,
    })
    expect(made.status, made.body).toBe(202)
    const [lead] = await rows<{ id: string; visitor_id: string }>('select l.id, v.id visitor_id from leads l join visitors v on v.lead_id = l.id where v.vid = ?', longVid)
    longLead = lead.id
    await env.DB.prepare(
      `with recursive n(i) as (select 0 union all select i + 1 from n where i < ?6 - 1)
       insert into events (site_id, visitor_id, lead_id, eid, type, path, at, received_at, imported)
       select ?1, ?2, ?3, 'old' || i, 'page_view', case i % 3 when 0 then '/pricing' when 1 then '/product' else '/blog/' || i end, ?4 - (?6 - i) * ?5, ?4, 0 from n`,
    )
      .bind(site.id, lead.visitor_id, lead.id, now - 86_400_000, Math.floor((60 * 86_400_000) / LONG), LONG)
      .run()
    // as history from before incremental scoring: ingest must read it once
    await env.DB.prepare('update leads set scoring_state = null where id = ?').bind(lead.id).run()
  }, 120_000)

  it('ingest on the long-history lead, from its history and then incrementally', async () => {
    const batch = () => Array.from({ length: 10 }, (_, k) => pv(k % 2 ? '/pricing' : `/docs/${k}`, Date.now() + k))
    const ingest = () => invoke('POST', '/e', null, JSON.stringify({ s: site.siteKey, v: longVid, e: batch() }), { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN })
    underBudget('POST /e (history read)', await ingest(), 202)
    underBudget('POST /e (incremental)', await ingest(), 202)
  })

  it('marketer reads', async () => {
    const k = site.apiKey
    underBudget('GET /api/v1/leads', await invoke('GET', '/api/v1/leads?limit=200', k), 200)
    underBudget('GET /api/v1/leads?sort=-lastSeenAt&stage=known', await invoke('GET', '/api/v1/leads?sort=-lastSeenAt&stage=known&limit=200', k), 200)
    underBudget('GET /api/v1/leads?format=csv', await invoke('GET', '/api/v1/leads?format=csv', k), 200)
    underBudget('GET /api/v1/leads/{id} (5,200 events)', await invoke('GET', `/api/v1/leads/${longLead}`, k), 200)
    underBudget('GET /api/v1/leads/{id}/score-history', await invoke('GET', `/api/v1/leads/${longLead}/score-history`, k), 200)
    underBudget('GET /api/v1/accounts', await invoke('GET', '/api/v1/accounts', k), 200)
    underBudget('GET /api/v1/accounts/{domain}', await invoke('GET', '/api/v1/accounts/co1.test', k), 200)
    underBudget('GET /api/v1/site', await invoke('GET', '/api/v1/site', k), 200)
    underBudget('GET /api/v1/keys', await invoke('GET', '/api/v1/keys', k), 200)
    underBudget('GET /api/v1/scoring', await invoke('GET', '/api/v1/scoring', k), 200)
  })

  it('marketer writes, model changes and the cron that continues their jobs', async () => {
    const k = site.apiKey
    underBudget('PATCH /api/v1/leads/{id}', await invoke('PATCH', `/api/v1/leads/${site.id}_ld7`, k, { stage: 'accepted' }), 200)
    underBudget('PATCH /api/v1/site', await invoke('PATCH', '/api/v1/site', k, { name: 'Budget site' }), 200)
    const key = await invoke('POST', '/api/v1/keys', k, { name: 'spare', scope: 'read' })
    underBudget('POST /api/v1/keys', key, 201)
    underBudget('DELETE /api/v1/keys/{id}', await invoke('DELETE', `/api/v1/keys/${JSON.parse(key.body).id}`, k), 204)
    underBudget('POST /api/v1/outcomes', await invoke('POST', '/api/v1/outcomes', k, { outcomes: [{ email: 'p10@co10.test', outcome: 'won' }] }), 200)
    underBudget('POST /api/v1/scoring/calibrate', await invoke('POST', '/api/v1/scoring/calibrate', k), 422)
    const model = { ...DEFAULT_MODEL, thresholds: { mql: 5, sql: 10_000 } }
    underBudget('PUT /api/v1/scoring?dryRun=true', await invoke('PUT', '/api/v1/scoring?dryRun=true', k, model), 202)
    underBudget('PUT /api/v1/scoring', await invoke('PUT', '/api/v1/scoring', k, model), 202)
    const csv = 'email,name,outcome\nimported1@co3.test,Imp One,won\nimported2@co4.test,Imp Two,lost\n'
    underBudget('POST /api/v1/import', await invoke('POST', '/api/v1/import', k, csv, { 'Content-Type': 'text/csv' }), 202)
    underBudget('GET /api/v1/jobs/{id}', await invoke('GET', `/api/v1/jobs/${(await rows<{ id: string }>("select id from jobs where site_id = ? limit 1", site.id))[0].id}`, k), 200)
    underBudget('DELETE /api/v1/leads/{id} (5,200 events)', await invoke('DELETE', `/api/v1/leads/${longLead}`, k), 204)
    underBudget('POST /api/v1/sites (operator)', await invoke('POST', '/api/v1/sites', ADMIN, { name: 'Another', domains: ['another.test'] }), 201)
    // the cron with a dry run, a rescore of 10,000 leads and an erasure pending
    const [{ n: pending }] = await rows<{ n: number }>("select count(*) n from jobs where site_id = ? and status in ('queued', 'running')", site.id)
    expect(pending).toBeGreaterThan(0)
    await env.DB.prepare("update jobs set lease_until = null where site_id = ? and status = 'running'").bind(site.id).run()
    underBudget('cron', await cron())
    console.info(`D1 queries per invocation (max ${BUDGET}):\n${Object.entries(seen).map(([r, n]) => `  ${String(n).padStart(3)}  ${r}`).join('\n')}`)
  })
})
