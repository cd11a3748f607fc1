/**
 * Operator routes (ADMIN_TOKEN): list, change, suspend and resume, delete a site, and issue a new admin
 * key for a site whose keys were lost — each audited as "operator"; a key is no way in.
 */
import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ADMIN, apiGet, createSite, expectProblem, ident, pv, rows, send, uid } from '../helpers'

const BASE = 'https://lb.test'
const op = (method: string, path: string, body?: unknown, token = ADMIN) =>
  SELF.fetch(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
const actions = async (siteId: string) => rows<{ actor: string; action: string }>('select actor, action from audit_log where site_id = ? order by at, id', siteId)

describe('operator routes', () => {
  it('list and change sites, audited as operator; an API key or no token is refused', async () => {
    const site = await createSite({ name: `Op ${uid()}` })
    const list = (await (await op('GET', '/api/v1/sites')).json()) as { data: { id: string; suspendedAt: string | null }[] }
    expect(list.data).toContainEqual(expect.objectContaining({ id: site.id, suspendedAt: null }))
    await expectProblem(await op('GET', '/api/v1/sites', undefined, site.apiKey), 401)
    await expectProblem(await SELF.fetch(`${BASE}/api/v1/sites`), 401)

    const res = await op('PATCH', `/api/v1/sites/${site.id}`, { name: 'Renamed', retentionDays: 30 })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ id: site.id, name: 'Renamed', retentionDays: 30 })
    await expectProblem(await op('PATCH', `/api/v1/sites/${site.id}`, { name: '' }), 400)
    await expectProblem(await op('PATCH', '/api/v1/sites/site_nope', { name: 'x' }), 404)
    expect((await actions(site.id)).at(-1)).toEqual({ actor: 'operator', action: 'site.update' })
  })

  it('suspend: ingest answers 403 problem+json and the keys stop working; resume restores both', async () => {
    const site = await createSite()
    expect(await (await op('POST', `/api/v1/sites/${site.id}/suspend`)).json()).toEqual({ id: site.id, suspended: true })
    const ingest = await expectProblem(await send({ s: site.siteKey, v: uid('v'), e: [pv('/x')] }), 403)
    expect(ingest.type).toMatch(/site-suspended$/)
    await expectProblem(await apiGet('/api/v1/leads', site.apiKey), 403)
    expect(await (await op('POST', `/api/v1/sites/${site.id}/resume`)).json()).toEqual({ id: site.id, suspended: false })
    expect((await send({ s: site.siteKey, v: uid('v'), e: [pv('/x')] })).status).toBe(202)
    expect((await apiGet('/api/v1/leads', site.apiKey)).status).toBe(200)
    await expectProblem(await op('POST', '/api/v1/sites/site_nope/suspend'), 404)
    expect((await actions(site.id)).slice(-2)).toEqual([
      { actor: 'operator', action: 'site.suspend' },
      { actor: 'operator', action: 'site.resume' },
    ])
  })

  it('a new admin key for a site whose keys were lost', async () => {
    const site = await createSite()
    await rows('update api_keys set revoked_at = ? where site_id = ?', Date.now(), site.id)
    await expectProblem(await apiGet('/api/v1/site', site.apiKey), 401)
    const res = await op('POST', `/api/v1/sites/${site.id}/keys`, { name: 'recovered' })
    expect(res.status).toBe(201)
    const created = (await res.json()) as { id: string; key: string; scope: string; name: string }
    expect(created).toMatchObject({ name: 'recovered', scope: 'admin' })
    expect((await apiGet('/api/v1/keys', created.key)).status).toBe(200)
    const [entry] = await rows<{ actor: string; target: string; summary: string }>("select actor, target, summary from audit_log where site_id = ? and action = 'key.create'", site.id)
    expect(entry.actor).toBe('operator')
    expect(JSON.parse(entry.summary)).toEqual({ key: { id: created.id, name: 'recovered', scope: 'admin' } })
    expect(entry.summary).not.toContain(created.key)
    await expectProblem(await op('POST', '/api/v1/sites/site_nope/keys', {}), 404)
  })

  it('delete: the site and every row about it are gone; its keys no longer work', async () => {
    const site = await createSite()
    await send({ s: site.siteKey, v: uid('v'), e: [pv('/pricing'), ident(`${uid('d')}@gone.test`)] })
    expect((await rows('select id from leads where site_id = ?', site.id)).length).toBe(1)
    expect((await op('DELETE', `/api/v1/sites/${site.id}`)).status).toBe(204)
    for (const table of ['leads', 'visitors', 'events', 'api_keys', 'audit_log', 'alerts', 'stage_transitions']) {
      expect(await rows(`select 1 from ${table} where site_id = ?`, site.id), table).toEqual([])
    }
    expect(await rows('select 1 from sites where id = ?', site.id)).toEqual([])
    await expectProblem(await apiGet('/api/v1/site', site.apiKey), 401)
    await expectProblem(await op('DELETE', `/api/v1/sites/${site.id}`), 404)
  })
})
