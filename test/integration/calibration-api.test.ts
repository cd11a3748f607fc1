import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { apiGet, createSite, expectProblem, ident, rows, send, uid } from './helpers'
import { leadFile } from './support/lead-file'

const post = (path: string, apiKey: string, body: string, type: string) =>
  SELF.fetch(`https://lb.test${path}`, { method: 'POST', headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': type }, body })

describe('calibration end to end', () => {
  it('refuses clearly when there are too few outcomes, saying how many more are needed', async () => {
    const site = await createSite()
    await post('/api/v1/import', site.apiKey, leadFile(30), 'text/csv') // 15 won, 15 lost
    const p = await expectProblem(await post('/api/v1/scoring/calibrate', site.apiKey, '', 'application/json'), 422)
    expect(p).toMatchObject({ won: 15, lost: 15, needWon: 35, needLost: 35 })
    expect(p.detail).toContain('35 more won')
  })

  it('imports historical leads (idempotently, never alerting), calibrates, and applies the proposal', async () => {
    const site = await createSite({ alerts: { webhookUrl: 'http://127.0.0.1:9/never' } })
    const csv = leadFile(200)
    const first = await post('/api/v1/import', site.apiKey, csv, 'text/csv')
    expect(first.status, await first.clone().text()).toBe(200)
    expect(await first.json()).toMatchObject({ rows: 200, created: 200, updated: 0, withOutcome: 200, pendingRescore: false })
    const events1 = (await rows<{ n: number; imported: number }>('select count(*) n, min(imported) imported from events where site_id = ?', site.id))[0]
    expect(events1.n).toBeGreaterThan(200)
    expect(events1.imported).toBe(1)
    expect(await rows('select * from alerts where site_id = ?', site.id)).toHaveLength(0)
    const again = await post('/api/v1/import', site.apiKey, csv, 'text/csv')
    expect(await again.json()).toMatchObject({ created: 0, updated: 200 })
    expect((await rows<{ n: number }>('select count(*) n from events where site_id = ?', site.id))[0].n).toBe(events1.n)

    const res = await post('/api/v1/scoring/calibrate', site.apiKey, '', 'application/json')
    expect(res.status, await res.clone().text()).toBe(200)
    const body = (await res.json()) as {
      applied: boolean
      report: { n: number; won: number; lost: number; holdout: { n: number; current: { auc: number }; proposed: { auc: number } }; bands: unknown[]; changes: unknown[]; sqlProbability: number }
      proposed: { thresholds: { sql: number } }
    }
    expect(body.applied).toBe(false)
    expect(body.report).toMatchObject({ n: 200, won: 100, lost: 100 })
    expect(body.report.holdout.n).toBe(60)
    expect(body.report.holdout.proposed.auc).toBeGreaterThan(0.75) // the file has a real signal
    expect(body.report.bands.length).toBeGreaterThan(0)
    expect(body.report.changes.length).toBeGreaterThan(0)
    expect(body.report.sqlProbability).toBeCloseTo(0.5, 1)
    expect(((await (await apiGet('/api/v1/scoring', site.apiKey)).json()) as { version: number }).version).toBe(0)

    const applied = (await (await post('/api/v1/scoring/calibrate?apply=true', site.apiKey, '', 'application/json')).json()) as { applied: boolean; version: number }
    expect(applied).toMatchObject({ applied: true, version: 1 })
    expect(((await (await apiGet('/api/v1/scoring', site.apiKey)).json()) as { version: number }).version).toBe(1)
    const versions = await rows<{ v: number }>('select distinct model_version v from leads where site_id = ?', site.id)
    expect(versions).toEqual([{ v: 1 }])
    expect(await rows('select * from alerts where site_id = ?', site.id)).toHaveLength(0)
    // the adoption and the imports are in the audit log, naming the key
    const audit = await rows<{ action: string; actor: string; target: string | null; summary: string }>('select action, actor, target, summary from audit_log where site_id = ? order by at, id', site.id)
    expect(audit.filter((a) => a.action === 'import')).toHaveLength(2)
    const adopt = audit.find((a) => a.action === 'calibration.adopt')
    expect(adopt).toMatchObject({ actor: 'key:default', target: '1' })
    expect(JSON.parse(adopt!.summary)).toMatchObject({ modelVersion: { before: 0, after: 1 }, outcomes: 200 })
  })
})

describe('POST /api/v1/outcomes', () => {
  it('records outcomes from JSON and from a CRM CSV, reporting unknown emails', async () => {
    const site = await createSite()
    for (const e of ['kim@acme.test', 'lee@acme.test']) await send({ s: site.siteKey, v: uid('v'), e: [ident(e)] })
    const json = await post('/api/v1/outcomes', site.apiKey, JSON.stringify({ outcomes: [{ email: 'KIM@acme.test', outcome: 'won', at: '2026-11-01T00:00:00Z' }, { email: 'nobody@acme.test', outcome: 'lost' }] }), 'application/json')
    expect(await json.json()).toEqual({ updated: 1, unknown: ['nobody@acme.test'], unknownCount: 1 })
    const csv = await post('/api/v1/outcomes', site.apiKey, 'email,outcome,at\r\nlee@acme.test,Lost,2026-11-02\r\n', 'text/csv')
    expect(await csv.json()).toMatchObject({ updated: 1, unknownCount: 0 })
    const got = await rows<{ email: string; outcome: string; outcome_at: number }>('select email, outcome, outcome_at from leads where site_id = ? order by email', site.id)
    expect(got).toEqual([
      { email: 'kim@acme.test', outcome: 'won', outcome_at: Date.parse('2026-11-01T00:00:00Z') },
      { email: 'lee@acme.test', outcome: 'lost', outcome_at: Date.parse('2026-11-02') },
    ])
  })

  it('refuses a bad row with the row number, and other content types', async () => {
    const site = await createSite()
    const p = await expectProblem(await post('/api/v1/outcomes', site.apiKey, JSON.stringify([{ email: 'a@b.test', outcome: 'maybe' }]), 'application/json'), 400)
    expect(p.detail).toContain('row 1')
    await expectProblem(await post('/api/v1/outcomes', site.apiKey, 'x', 'text/xml'), 415)
    await expectProblem(await post('/api/v1/outcomes', 'lb_wrong', '[]', 'application/json'), 401)
  })
})
