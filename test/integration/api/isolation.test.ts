import { beforeAll, describe, expect, it } from 'vitest'
import { type CreatedSite, createSite, expectProblem, rows } from '../helpers'
import { call, json, type Lead, makeLead, type Page } from './api-helpers'

let a: CreatedSite
let b: CreatedSite
let leadA: string
let leadB: string

beforeAll(async () => {
  a = await createSite({ name: 'Site A' })
  b = await createSite({ name: 'Site B' })
  leadA = await makeLead(a, 'ann@initech.test', { views: 2 })
  leadB = await makeLead(b, 'bob@initech.test', { views: 3 })
})

describe("a key acts on its own site only: another site's lead is 404", () => {
  it('lists only its own leads (also through filters and the CSV export)', async () => {
    for (const [site, mine, theirs] of [[a, 'ann@initech.test', 'bob@initech.test'], [b, 'bob@initech.test', 'ann@initech.test']] as const) {
      const page = await json<Page>(await call('GET', '/api/v1/leads', site.apiKey))
      expect(page.data.map((l) => l.email)).toEqual([mine])
      const byEmail = await json<Page>(await call('GET', `/api/v1/leads?email=${theirs}`, site.apiKey))
      expect(byEmail.data).toEqual([])
      const byDomain = await json<Page>(await call('GET', '/api/v1/leads?domain=initech.test', site.apiKey))
      expect(byDomain.data.map((l) => l.email)).toEqual([mine])
      const csv = await (await call('GET', '/api/v1/leads?format=csv', site.apiKey)).text()
      expect(csv).toContain(mine)
      expect(csv).not.toContain(theirs)
    }
  })

  it("cannot read, patch or delete the other site's lead", async () => {
    await expectProblem(await call('GET', `/api/v1/leads/${leadB}`, a.apiKey), 404)
    await expectProblem(await call('GET', `/api/v1/leads/${leadA}`, b.apiKey), 404)
    await expectProblem(await call('PATCH', `/api/v1/leads/${leadB}`, a.apiKey, { outcome: 'won' }), 404)
    await expectProblem(await call('DELETE', `/api/v1/leads/${leadB}`, a.apiKey), 404)
    // untouched: still there, no outcome, still readable by its own site
    const [row] = await rows<{ outcome: string | null }>('select outcome from leads where id = ?', leadB)
    expect(row.outcome).toBeNull()
    expect((await json<Lead>(await call('GET', `/api/v1/leads/${leadB}`, b.apiKey))).email).toBe('bob@initech.test')
  })

  it("sees only its own accounts, keys and site", async () => {
    const accA = await json<{ data: { domain: string; people: number }[] }>(await call('GET', '/api/v1/accounts', a.apiKey))
    expect(accA.data).toEqual([expect.objectContaining({ domain: 'initech.test', people: 1 })])
    const one = await json<{ leads: Lead[] }>(await call('GET', '/api/v1/accounts/initech.test', a.apiKey))
    expect(one.leads.map((l) => l.email)).toEqual(['ann@initech.test'])
    const keysB = await json<{ data: { id: string }[] }>(await call('GET', '/api/v1/keys', b.apiKey))
    await expectProblem(await call('DELETE', `/api/v1/keys/${keysB.data[0].id}`, a.apiKey), 404)
    expect((await call('GET', '/api/v1/leads', b.apiKey)).status).toBe(200) // b's key still works
    const siteA = await json<{ id: string; name: string }>(await call('GET', '/api/v1/site', a.apiKey))
    expect(siteA).toMatchObject({ id: a.id, name: 'Site A' })
  })

  it('refuses every marketer route without a valid key', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/v1/leads'], ['GET', `/api/v1/leads/${leadA}`], ['PATCH', `/api/v1/leads/${leadA}`], ['DELETE', `/api/v1/leads/${leadA}`],
      ['GET', '/api/v1/keys'], ['POST', '/api/v1/keys'], ['DELETE', '/api/v1/keys/x'], ['GET', '/api/v1/site'], ['PATCH', '/api/v1/site'],
      ['GET', '/api/v1/accounts'], ['GET', '/api/v1/accounts/initech.test'],
    ]
    for (const [m, p] of routes) {
      const res = await expectProblem(await call(m, p, null, m === 'GET' || m === 'DELETE' ? undefined : {}), 401)
      expect(res.detail).toMatch(/API key/)
      await expectProblem(await call(m, p, 'lb_forged_key_000000000000'), 401)
    }
    expect((await rows('select id from leads where id = ?', leadA)).length).toBe(1)
  })
})
