import { describe, expect, it } from 'vitest'
import { createSite, expectProblem, rows } from '../helpers'
import { call, json, makeLead } from '../api/api-helpers'

type Entry = { id: string; at: string; actor: string; actorKeyId: string | null; action: string; target: string | null; summary: Record<string, unknown> }
type Page = { data: Entry[]; nextCursor: string | null }

const audit = async (key: string, q = '') => json<Page>(await call('GET', `/api/v1/audit${q}`, key))

describe('audit log', () => {
  it('records each audited action with who, what, when and a before/after without secrets; newest first, cursor-paged', async () => {
    const site = await createSite({ name: 'Audited', alerts: { webhookUrl: 'http://127.0.0.1:9/hook/SECRET-PATH' } })
    const [me] = (await json<{ data: { id: string }[] }>(await call('GET', '/api/v1/keys', site.apiKey))).data

    await json(await call('PATCH', '/api/v1/site', site.apiKey, { retentionDays: 30, alerts: { slackWebhookUrl: 'http://127.0.0.1:9/services/T/B/XOXO' } }))
    const made = await json<{ id: string; key: string }>(await call('POST', '/api/v1/keys', site.apiKey, { name: 'BI tool', scope: 'read' }), 201)
    expect((await call('DELETE', `/api/v1/keys/${made.id}`, site.apiKey)).status).toBe(204)
    const current = await json<{ model: unknown }>(await call('GET', '/api/v1/scoring', site.apiKey))
    const put = await call('PUT', '/api/v1/scoring', site.apiKey, current.model)
    expect(put.status, await put.clone().text()).toBe(200)
    const lead = await makeLead(site, 'gone@acme.test')
    expect((await call('DELETE', `/api/v1/leads/${lead}`, site.apiKey)).status).toBe(204)
    await makeLead(site, 'gone2@acme.test')
    await json(await call('POST', '/api/v1/erasures', site.apiKey, { email: 'Gone2@acme.test' }))
    await json(await call('POST', '/api/v1/outcomes', site.apiKey, [{ email: 'nobody@acme.test', outcome: 'won' }]))

    const all: Entry[] = []
    let cursor: string | null = null
    do {
      const page: Page = await audit(site.apiKey, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      expect(page.data.length).toBeLessThanOrEqual(2)
      all.push(...page.data)
      cursor = page.nextCursor
    } while (cursor)
    expect(all.map((e) => e.action)).toEqual(['outcomes', 'erasure', 'lead.erase', 'model.save', 'key.revoke', 'key.create', 'site.update', 'site.create'])
    expect([...all].sort((a, b) => (b.at < a.at ? -1 : b.at > a.at ? 1 : 0)).map((e) => e.id)).toEqual(all.map((e) => e.id))
    for (const e of all.slice(0, -1)) expect(e, e.action).toMatchObject({ actor: 'key:default', actorKeyId: me.id })
    expect(all.at(-1)).toMatchObject({ actor: 'operator', actorKeyId: null })
    const byAction = Object.fromEntries(all.map((e) => [e.action, e]))
    expect(byAction['key.create']).toMatchObject({ target: made.id, summary: { key: { id: made.id, name: 'BI tool', scope: 'read' } } })
    expect(byAction['key.revoke']).toMatchObject({ target: made.id, summary: { key: { id: made.id, name: 'BI tool', scope: 'read' } } })
    expect(byAction['site.update'].summary).toMatchObject({ retentionDays: { before: 395, after: 30 }, alerts: { before: { webhookUrl: 'http://127.0.0.1:9/…' }, after: { slackWebhookUrl: 'http://127.0.0.1:9/…' } } })
    expect(byAction['model.save']).toMatchObject({ target: '1', summary: { modelVersion: { before: 0, after: 1 } } })
    expect(byAction['lead.erase'].summary).toMatchObject({ erased: { leads: 1 } })
    expect(byAction.erasure.summary).toMatchObject({ via: 'email', erased: { leads: 1 } })
    expect(byAction.outcomes.summary).toMatchObject({ rows: 1, updated: 0, unknown: 1 })
    expect(Date.parse(all[0].at)).toBeGreaterThan(Date.now() - 600_000)

    // no secret of any kind, in the API or in the table
    const [keyRow] = await rows<{ key_hash: string }>('select key_hash from api_keys where id = ?', made.id)
    const stored = JSON.stringify(await rows('select * from audit_log where site_id = ?', site.id))
    for (const secret of [site.webhookSecret!, made.key, keyRow.key_hash, site.apiKey, 'SECRET-PATH', 'XOXO', 'gone@acme.test', 'gone2@acme.test', lead]) {
      expect(stored.includes(secret), secret).toBe(false)
      expect(JSON.stringify(all).includes(secret), secret).toBe(false)
    }
  })

  it('is admin-only (403 for read and write keys), per site, and refuses a forged cursor', async () => {
    const site = await createSite({ name: 'Audited 2' })
    const other = await createSite({ name: 'Audited 3' })
    for (const scope of ['read', 'write']) {
      const k = await json<{ key: string }>(await call('POST', '/api/v1/keys', site.apiKey, { name: scope, scope }), 201)
      await expectProblem(await call('GET', '/api/v1/audit', k.key), 403)
    }
    const theirs = await audit(other.apiKey)
    expect(theirs.data.map((e) => e.action)).toEqual(['site.create'])
    await expectProblem(await call('GET', '/api/v1/audit?cursor=bm9wZQ', site.apiKey), 400)
  })
})
