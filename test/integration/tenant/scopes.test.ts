import { describe, expect, it } from 'vitest'
import { createSite, expectProblem, pv, rows, send, uid } from '../helpers'
import { call, json, makeLead } from '../api/api-helpers'

type Scope = 'read' | 'write' | 'admin'

/** Each route family with the least scope the contract gives it, and a request that exercises it. */
const FAMILIES: { family: string; need: Scope; req: (lead: string) => [string, string, unknown?, Record<string, string>?] }[] = [
  { family: 'site read', need: 'read', req: () => ['GET', '/api/v1/site'] },
  { family: 'site settings', need: 'admin', req: () => ['PATCH', '/api/v1/site', { alertOnMql: false }] },
  { family: 'keys list', need: 'admin', req: () => ['GET', '/api/v1/keys'] },
  { family: 'keys create', need: 'admin', req: () => ['POST', '/api/v1/keys', { name: 'made', scope: 'read' }] },
  { family: 'keys revoke', need: 'admin', req: () => ['DELETE', '/api/v1/keys/key_nope'] },
  { family: 'leads list', need: 'read', req: () => ['GET', '/api/v1/leads'] },
  { family: 'leads CSV export', need: 'read', req: () => ['GET', '/api/v1/leads?format=csv'] },
  { family: 'lead detail', need: 'read', req: (id) => ['GET', `/api/v1/leads/${id}`] },
  { family: 'accounts', need: 'read', req: () => ['GET', '/api/v1/accounts'] },
  { family: 'scoring read', need: 'read', req: () => ['GET', '/api/v1/scoring'] },
  { family: 'lead PATCH', need: 'write', req: (id) => ['PATCH', `/api/v1/leads/${id}`, { outcome: 'won' }] },
  { family: 'outcomes', need: 'write', req: () => ['POST', '/api/v1/outcomes', [{ email: 'nobody@example.test', outcome: 'won' }]] },
  { family: 'import', need: 'write', req: () => ['POST', '/api/v1/import', 'email,converted\n', { 'Content-Type': 'text/csv' }] },
  { family: 'scoring model', need: 'admin', req: () => ['PUT', '/api/v1/scoring?dryRun=true', {}] },
  { family: 'calibration', need: 'admin', req: () => ['POST', '/api/v1/scoring/calibrate'] },
  { family: 'audit log', need: 'admin', req: () => ['GET', '/api/v1/audit'] },
  { family: 'export', need: 'admin', req: (id) => ['GET', `/api/v1/leads/${id}/export`] },
  { family: 'erasure', need: 'admin', req: () => ['POST', '/api/v1/erasures', { email: 'nobody@example.test' }] },
  { family: 'lead DELETE', need: 'admin', req: () => ['DELETE', '/api/v1/leads/ld_nope'] },
]

const RANK: Record<Scope, number> = { read: 0, write: 1, admin: 2 }

describe('API-key scopes', () => {
  it('each scope against each route family: 403 problem beyond scope, never 403 within it', async () => {
    const site = await createSite({ name: 'Scopes' })
    const lead = await makeLead(site, 'scoped@acme.test', { views: 2 })
    const keys: Record<Scope, string> = { admin: site.apiKey, read: '', write: '' }
    for (const scope of ['read', 'write'] as const) {
      const k = await json<{ key: string; scope: string }>(await call('POST', '/api/v1/keys', site.apiKey, { name: `${scope} key`, scope }), 201)
      expect(k.scope).toBe(scope)
      keys[scope] = k.key
    }
    const seen: string[] = []
    for (const f of FAMILIES) {
      for (const scope of ['read', 'write', 'admin'] as const) {
        const [method, path, body, headers] = f.req(lead)
        const res = await call(method, path, keys[scope], body, headers)
        if (RANK[scope] < RANK[f.need]) {
          const p = await expectProblem(res, 403)
          expect(p.type, `${f.family} with ${scope}`).toMatch(/insufficient-scope$/)
          expect(p.detail).toContain(`"${f.need}"`)
        } else {
          expect(res.status, `${f.family} with ${scope}: ${await res.clone().text()}`).not.toBe(403)
          expect(res.status, `${f.family} with ${scope}`).not.toBe(401)
          expect(res.status).toBeLessThan(500)
        }
        seen.push(`${f.family}:${scope}:${res.status}`)
      }
    }
    expect(seen).toHaveLength(FAMILIES.length * 3)
  })

  it('the key from POST /api/v1/sites is admin; keys list shows each scope; a bad scope is a 400', async () => {
    const site = await createSite({ name: 'Scopes 2' })
    await json(await call('POST', '/api/v1/keys', site.apiKey, { name: 'bi', scope: 'read' }), 201)
    const list = await json<{ data: { name: string; scope: string }[] }>(await call('GET', '/api/v1/keys', site.apiKey))
    expect(list.data.map((k) => [k.name, k.scope])).toEqual([
      ['default', 'admin'],
      ['bi', 'read'],
    ])
    await expectProblem(await call('POST', '/api/v1/keys', site.apiKey, { name: 'x', scope: 'root' }), 400)
    await expectProblem(await call('POST', '/api/v1/keys', site.apiKey, { name: 'x' }), 400)
  })

  it('a suspended site: its keys answer 403 and its ingest is refused with a clear 4xx', async () => {
    const site = await createSite({ name: 'Suspended' })
    expect((await call('GET', '/api/v1/site', site.apiKey)).status).toBe(200)
    await rows('update sites set suspended_at = ? where id = ?', Date.now(), site.id)
    expect((await expectProblem(await call('GET', '/api/v1/site', site.apiKey), 403)).type).toMatch(/site-suspended$/)
    expect((await expectProblem(await send({ s: site.siteKey, v: uid('v'), e: [pv('/x')] }), 403)).type).toMatch(/site-suspended$/)
    expect(await rows('select * from events where site_id = ?', site.id)).toHaveLength(0)
  })
})
