import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ADMIN, createSite, expectProblem, uid } from '../helpers'

type Page = { data: { id: string; name: string; createdAt: string }[]; nextCursor: string | null }
const list = (query = '') => SELF.fetch(`https://lb.test/api/v1/sites${query}`, { headers: { Authorization: `Bearer ${ADMIN}` } })

describe('GET /api/v1/sites pages', () => {
  it('walks every site oldest first, each once, by limit and cursor; nextCursor is null on the last page', async () => {
    const tag = uid('pg')
    const made: string[] = []
    for (let i = 0; i < 5; i++) made.push((await createSite({ name: `${tag} ${i}` })).id)
    const seen: Page['data'] = []
    let pages = 0
    for (let cursor: string | null = ''; cursor !== null; pages++) {
      const res = await list(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      expect(res.status, await res.clone().text()).toBe(200)
      const page = (await res.json()) as Page
      expect(page.data.length).toBeLessThanOrEqual(2)
      seen.push(...page.data)
      cursor = page.nextCursor
      expect(pages).toBeLessThan(100)
    }
    const ids = seen.map((s) => s.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids.filter((id) => made.includes(id))).toEqual(made)
    const created = seen.map((s) => Date.parse(s.createdAt))
    expect(created).toEqual([...created].sort((a, b) => a - b))
    expect(pages).toBeGreaterThanOrEqual(3)

    const first = (await (await list()).json()) as Page
    expect(first.data.length).toBe(Math.min(50, ids.length))
    expect(first.nextCursor === null).toBe(ids.length <= 50)
  })

  it('refuses a forged cursor and a limit out of range with 400 problem+json', async () => {
    await expectProblem(await list('?cursor=not-a-cursor'), 400)
    await expectProblem(await list(`?cursor=${btoa(JSON.stringify({ x: 1 }))}`), 400)
    await expectProblem(await list('?limit=0'), 400)
    await expectProblem(await list('?limit=201'), 400)
  })
})
