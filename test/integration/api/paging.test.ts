import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../worker/calibration/csv'
import { createSite, expectProblem, uid } from '../helpers'
import { call, json, type Lead, makeLead, type Page, pageThrough } from './api-helpers'

const NAMES = ['Smith, Jane', 'The "Boss"', 'Line one\nLine two', '=HYPERLINK("http://evil.test","x")', '+1 555 0100', '-2+3', '@SUM(A1:A2)']
const VIEWS = [0, 1, 2, 2, 3, 5, 8] // two leads tie on score: the id breaks the tie

async function sevenLeads() {
  const site = await createSite()
  const ids: string[] = []
  for (let k = 0; k < 7; k++) ids.push(await makeLead(site, `p${k}@corp${k % 3}.test`, { views: VIEWS[k], profile: { name: NAMES[k], company: 'Corp' } }))
  return { site, ids }
}

const flat = (pages: string[][]) => pages.flat()

describe('GET /api/v1/leads paging', () => {
  it('pages seven leads two at a time, each exactly once, in every sort order', async () => {
    const { site, ids } = await sevenLeads()
    for (const sort of ['-score', 'score', '-lastSeenAt']) {
      const pages = await pageThrough(`/api/v1/leads?limit=2&sort=${sort}`, site.apiKey)
      expect(pages.map((p) => p.length)).toEqual([2, 2, 2, 1])
      expect(flat(pages).sort()).toEqual([...ids].sort())
      const all = await json<Page>(await call('GET', `/api/v1/leads?limit=200&sort=${sort}`, site.apiKey))
      expect(flat(pages), `pages follow the one-page order for ${sort}`).toEqual(all.data.map((l) => l.id))
      const key = (l: Lead) => (sort === '-lastSeenAt' ? Date.parse(l.lastSeenAt) : l.score)
      const keys = all.data.map(key)
      const sorted = [...keys].sort((x, y) => (sort === 'score' ? x - y : y - x))
      expect(keys).toEqual(sorted)
    }
  })

  it('returns each lead exactly once while new leads are written between pages', async () => {
    const { site, ids } = await sevenLeads()
    const added: string[] = []
    const pages = await pageThrough('/api/v1/leads?limit=2', site.apiKey, async (n) => {
      // a hot one (sorts above the cursor), a cold one (below) and an update of a lead not yet served
      added.push(await makeLead(site, `new${n}-hot-${uid()}@x.test`, { views: 9 }))
      added.push(await makeLead(site, `new${n}-cold-${uid()}@x.test`, { views: 0 }))
    })
    const seen = flat(pages)
    expect(new Set(seen).size, 'no lead twice').toBe(seen.length)
    for (const id of ids) expect(seen.filter((x) => x === id), id).toHaveLength(1)
    expect(seen.filter((x) => !ids.includes(x)).every((x) => added.includes(x))).toBe(true)
  })

  it('filters by stage, minScore, email, since and domain', async () => {
    const { site, ids } = await sevenLeads()
    const all = (await json<Page>(await call('GET', '/api/v1/leads?limit=200', site.apiKey))).data
    const q = async (query: string) => (await json<Page>(await call('GET', `/api/v1/leads?limit=200&${query}`, site.apiKey))).data.map((l) => l.id).sort()
    expect(await q('stage=known')).toEqual(all.filter((l) => l.stage === 'known').map((l) => l.id).sort())
    expect(await q('stage=mql,sql')).toEqual(all.filter((l) => l.stage === 'mql' || l.stage === 'sql').map((l) => l.id).sort())
    const mid = all[3].score
    expect(await q(`minScore=${mid}`)).toEqual(all.filter((l) => l.score >= mid).map((l) => l.id).sort())
    expect(await q('email=P3@CORP0.TEST')).toEqual([ids[3]])
    expect(await q('domain=corp1.test')).toEqual([ids[1], ids[4]].sort())
    expect(await q(`since=${new Date(Date.now() + 60_000).toISOString()}`)).toEqual([])
    expect(await q('since=2000-01-01T00:00:00Z')).toHaveLength(7)
    expect(await q(`since=${Date.now() - 3_600_000}`)).toHaveLength(7)
  })

  it('refuses bad parameters and forged cursors with a 400 problem', async () => {
    const site = await createSite()
    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'sort=name', 'stage=hot', 'minScore=x', 'since=yesterday-ish', 'format=xml', 'cursor=!!!', `cursor=${btoa('{"s":"-score"}')}`]) {
      await expectProblem(await call('GET', `/api/v1/leads?${query}`, site.apiKey), 400)
    }
    await makeLead(site, 'a@a.test')
    await makeLead(site, 'b@a.test')
    const first = await json<Page>(await call('GET', '/api/v1/leads?limit=1', site.apiKey))
    const p = await expectProblem(await call('GET', `/api/v1/leads?limit=1&sort=-lastSeenAt&cursor=${first.nextCursor}`, site.apiKey), 400)
    expect(p.detail).toMatch(/sort/)
  })
})

describe('CSV export', () => {
  it('streams the whole filtered set, RFC 4180-quoted, formula cells neutralised', async () => {
    const { site, ids } = await sevenLeads()
    const res = await call('GET', '/api/v1/leads?format=csv&limit=2', site.apiKey)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toMatch(/^text\/csv/)
    const text = await res.text()
    expect(text.endsWith('\r\n')).toBe(true)
    const [header, ...records] = parseCsv(text).filter((r) => r.length > 1)
    expect(header).toEqual(['id', 'email', 'name', 'company', 'title', 'score', 'engagementScore', 'fitScore', 'grade', 'stage', 'outcome', 'identityVerified', 'emailKind', 'firstSeenAt', 'lastSeenAt', 'mqlAt', 'sqlAt'])
    expect(records.map((r) => r[0]).sort()).toEqual([...ids].sort()) // all seven, though limit=2
    const byId = new Map(records.map((r) => [r[0], r]))
    const names = ids.map((id) => byId.get(id)![2])
    expect(names).toEqual(['Smith, Jane', 'The "Boss"', 'Line one\nLine two', `'=HYPERLINK("http://evil.test","x")`, `'+1 555 0100`, `'-2+3`, `'@SUM(A1:A2)`])
    // the raw text quotes exactly what needs quoting
    expect(text).toContain(',"Smith, Jane",')
    expect(text).toContain(',"The ""Boss""",')
    expect(text).toContain(',"Line one\nLine two",')
    // scores are numbers, as in the JSON list
    const json0 = (await json<Page>(await call('GET', '/api/v1/leads?limit=200', site.apiKey))).data
    for (const l of json0) expect(Number(byId.get(l.id)![5])).toBe(l.score)
  })

  it('answers Accept: text/csv, keeps the filters, and exports more than one chunk', async () => {
    const site = await createSite()
    const made: string[] = []
    for (let k = 0; k < 12; k++) made.push(await makeLead(site, `c${k}@${k % 2 ? 'odd' : 'even'}.test`))
    const res = await call('GET', '/api/v1/leads?domain=odd.test', site.apiKey, undefined, { Accept: 'text/csv' })
    expect(res.headers.get('Content-Type')).toMatch(/^text\/csv/)
    const rowsOut = parseCsv(await res.text()).slice(1).filter((r) => r.length > 1)
    expect(rowsOut.map((r) => r[1]).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `c${2 * i + 1}@odd.test`).sort())
  })
})
