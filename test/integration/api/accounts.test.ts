import { describe, expect, it } from 'vitest'
import { createSite, expectProblem } from '../helpers'
import { call, json, type Lead, makeLead } from './api-helpers'

type Account = { domain: string; score: number; engagedPeople: number; people: number; lastSeenAt: string; topPeople: { id: string; score: number }[] }

describe('accounts', () => {
  it('groups leads by company domain and rolls them up (top 3 scores, engaged people; free mail is no account)', async () => {
    const site = await createSite()
    const ids = [
      await makeLead(site, 'a1@acme.test', { views: 6, profile: { title: 'CTO' } }),
      await makeLead(site, 'a2@acme.test', { views: 4 }),
      await makeLead(site, 'a3@acme.test', { views: 2 }),
      await makeLead(site, 'a4@acme.test', { views: 1 }),
      await makeLead(site, 'a5@acme.test', { views: 9 }),
    ]
    await json(await call('PATCH', `/api/v1/leads/${ids[4]}`, site.apiKey, { stage: 'disqualified' }))
    await makeLead(site, 'g1@globex.test', { views: 1 })
    await makeLead(site, 'someone@gmail.com', { views: 5 })

    const list = await json<{ data: Account[]; nextCursor: string | null }>(await call('GET', '/api/v1/accounts', site.apiKey))
    expect(list.data.map((a) => a.domain)).toEqual(['acme.test', 'globex.test'])
    const acme = await json<Account & { leads: Lead[] }>(await call('GET', '/api/v1/accounts/ACME.test', site.apiKey))
    expect(acme.leads.map((l) => l.email).sort()).toEqual(['a1@acme.test', 'a2@acme.test', 'a3@acme.test', 'a4@acme.test', 'a5@acme.test'])
    const scores = acme.leads.map((l) => l.score)
    expect(scores).toEqual([...scores].sort((x, y) => y - x))
    const counted = acme.leads.filter((l) => l.stage !== 'disqualified').map((l) => Math.max(0, l.score)).sort((x, y) => y - x)
    expect(acme.score).toBe(counted[0] + counted[1] + counted[2])
    expect(acme.people).toBe(5)
    expect(acme.engagedPeople).toBe(acme.leads.filter((l) => l.stage !== 'disqualified' && l.engagementScore > 0).length)
    expect(list.data[0]).toMatchObject({ domain: 'acme.test', score: acme.score, people: 5 })
    expect(list.data[0].topPeople[0].score).toBe(scores[0])
    await expectProblem(await call('GET', '/api/v1/accounts/gmail.com', site.apiKey), 404)
  })

  it('pages accounts with a cursor, each once', async () => {
    const site = await createSite()
    for (const d of ['one', 'two', 'three']) await makeLead(site, `x@${d}.test`, { views: d.length })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: { data: Account[]; nextCursor: string | null } = await json(await call('GET', `/api/v1/accounts?limit=1${cursor ? `&cursor=${cursor}` : ''}`, site.apiKey))
      seen.push(...page.data.map((a) => a.domain))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen.sort()).toEqual(['one.test', 'three.test', 'two.test'])
    await expectProblem(await call('GET', '/api/v1/accounts?cursor=garbage', site.apiKey), 400)
  })
})
