/**
 * What the snippet sends reaches the lead: every allow-listed profile field of an identify (industry
 * and website included) lands in the lead's profile, and a hash-routed app's pricing route counts as
 * a pricing view.
 */
import { describe, expect, it } from 'vitest'
import { PROFILE_FIELDS } from '../../snippet/types'
import { call, json, type LeadDetail } from './api/api-helpers'
import { createSite, ident, pv, rows, send, uid } from './helpers'

type Detail = LeadDetail & { profile: Record<string, string> }

async function detailOf(apiKey: string, siteId: string, email: string): Promise<Detail> {
  const [lead] = await rows<{ id: string }>('select id from leads where site_id = ? and email = ?', siteId, email)
  expect(lead, email).toBeDefined()
  return json<Detail>(await call('GET', `/api/v1/leads/${lead.id}`, apiKey))
}

describe('snippet signals on the lead', () => {
  it('keeps every profile field an identify carries, industry and website included', async () => {
    const site = await createSite()
    const email = `${uid('ann')}@acme.test`
    const given = Object.fromEntries(PROFILE_FIELDS.filter((f) => f !== 'email').map((f) => [f, `${f} of Ann`]))
    const res = await send({ s: site.siteKey, v: uid('v'), e: [ident(email, given)] })
    expect(res.status, await res.clone().text()).toBe(202)
    const d = await detailOf(site.apiKey, site.id, email)
    expect(d.profile).toMatchObject({ ...given, industry: 'industry of Ann', website: 'website of Ann' })
    expect(d).toMatchObject({ name: 'name of Ann', company: 'company of Ann', title: 'title of Ann' })
  })

  it('counts a hash-routed pricing route as a pricing view and keeps the route in the path', async () => {
    const site = await createSite()
    const t = Date.now() - 60_000
    const lead = async (paths: string[]) => {
      const email = `${uid('bo')}@beta.test`
      const e = [...paths.map((p, k) => pv(p, t + k * 1000)), ident(email, {}, t + 9000)]
      expect((await send({ s: site.siteKey, v: uid('v'), e })).status).toBe(202)
      return detailOf(site.apiKey, site.id, email)
    }
    const rules = (d: Detail) => d.breakdown.map((b) => b.rule)
    // three pricing routes of a hash-routed app: a pricing repeat
    const three = await lead(['/app#/pricing', '/app#!/pricing?plan=pro', '/#/plans'])
    expect(three.timeline.filter((x) => x.type === 'page_view').map((x) => x.path)).toEqual(['/#/plans', '/app#!/pricing?plan=pro', '/app#/pricing'])
    expect(rules(three)).toEqual(expect.arrayContaining(['pricing-view', 'pricing-repeat']))
    // a route that only starts like one is no pricing view: two pricing views are no repeat
    const two = await lead(['/app#/pricing', '/app#!/pricing?plan=pro', '/app#/pricingless'])
    expect(rules(two)).toContain('pricing-view')
    expect(rules(two)).not.toContain('pricing-repeat')
  })
})
