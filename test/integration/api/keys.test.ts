import { describe, expect, it } from 'vitest'
import { createSite, expectProblem, rows } from '../helpers'
import { call, json } from './api-helpers'

type Key = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }

describe('API keys', () => {
  it('lists keys without secrets, creates one (secret shown once, stored hashed), revokes it (then 401)', async () => {
    const site = await createSite()
    const list0 = await json<{ data: Key[] }>(await call('GET', '/api/v1/keys', site.apiKey))
    expect(list0.data).toHaveLength(1)
    expect(list0.data[0]).toMatchObject({ name: 'default', prefix: site.apiKey.slice(0, 10), revokedAt: null })
    // lastUsedAt is written after the answer (waitUntil): a later listing shows it
    let used: string | null = null
    for (let i = 0; i < 20 && used === null; i++) used = (await json<{ data: Key[] }>(await call('GET', '/api/v1/keys', site.apiKey))).data[0].lastUsedAt
    expect(Date.parse(used!)).toBeGreaterThan(Date.now() - 600_000)
    expect(JSON.stringify(list0)).not.toContain(site.apiKey)

    const created = await json<Key & { key: string }>(await call('POST', '/api/v1/keys', site.apiKey, { name: 'CRM sync', scope: 'read' }), 201)
    expect(created.key).toMatch(/^lb_/)
    expect(created).toMatchObject({ name: 'CRM sync', scope: 'read', prefix: created.key.slice(0, 10), lastUsedAt: null, revokedAt: null })
    expect((await call('GET', '/api/v1/leads', created.key)).status).toBe(200)
    const list1 = await json<{ data: Key[] }>(await call('GET', '/api/v1/keys', site.apiKey))
    expect(list1.data.map((k) => k.name)).toEqual(['default', 'CRM sync'])
    expect(JSON.stringify(list1)).not.toContain(created.key)
    expect(JSON.stringify(await rows('select * from api_keys where site_id = ?', site.id))).not.toContain(created.key)

    expect((await call('DELETE', `/api/v1/keys/${created.id}`, site.apiKey)).status).toBe(204)
    await expectProblem(await call('GET', '/api/v1/leads', created.key), 401)
    expect((await call('DELETE', `/api/v1/keys/${created.id}`, site.apiKey)).status).toBe(204) // idempotent
    const list2 = await json<{ data: Key[] }>(await call('GET', '/api/v1/keys', site.apiKey))
    expect(list2.data.find((k) => k.id === created.id)?.revokedAt).toEqual(expect.any(String))
  })

  it('refuses to revoke the last active key with the key itself (409), allows it once another exists', async () => {
    const site = await createSite()
    const [mine] = (await json<{ data: Key[] }>(await call('GET', '/api/v1/keys', site.apiKey))).data
    const p = await expectProblem(await call('DELETE', `/api/v1/keys/${mine.id}`, site.apiKey), 409)
    expect(p.detail).toMatch(/last active key/)
    expect((await call('GET', '/api/v1/keys', site.apiKey)).status).toBe(200)

    const other = await json<Key & { key: string }>(await call('POST', '/api/v1/keys', site.apiKey, { name: 'second', scope: 'admin' }), 201)
    expect((await call('DELETE', `/api/v1/keys/${mine.id}`, site.apiKey)).status).toBe(204)
    await expectProblem(await call('GET', '/api/v1/keys', site.apiKey), 401)
    await expectProblem(await call('DELETE', `/api/v1/keys/${other.id}`, other.key), 409) // now the last one
  })

  it('two keys revoking themselves at the same moment leave one usable key', async () => {
    const site = await createSite()
    const [first] = (await json<{ data: Key[] }>(await call('GET', '/api/v1/keys', site.apiKey))).data
    const second = await json<Key & { key: string }>(await call('POST', '/api/v1/keys', site.apiKey, { name: 'b', scope: 'admin' }), 201)
    const res = await Promise.all([call('DELETE', `/api/v1/keys/${first.id}`, site.apiKey), call('DELETE', `/api/v1/keys/${second.id}`, second.key)])
    expect(res.map((r) => r.status).sort()).toEqual([204, 409])
    const active = await rows('select id from api_keys where site_id = ? and revoked_at is null', site.id)
    expect(active).toHaveLength(1)
  })

  it('validates input and hides other sites', async () => {
    const site = await createSite()
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(101) }, { name: 'ok', scope: 'admin', extra: 1 }, { name: 'ok' }, { name: 'ok', scope: 'owner' }]) await expectProblem(await call('POST', '/api/v1/keys', site.apiKey, body), 400)
    await expectProblem(await call('DELETE', '/api/v1/keys/key_unknown', site.apiKey), 404)
  })
})
