import { describe, expect, it } from 'vitest'
import { createSite } from '../helpers'
import { call, json, makeLead, type Page } from './api-helpers'

describe('marketer API reads run in a D1 session', () => {
  it('answers with the session bookmark, takes it back, and reads its own writes with it', async () => {
    const site = await createSite()
    const first = await call('GET', '/api/v1/leads', site.apiKey)
    expect(first.status).toBe(200)
    const bookmark = first.headers.get('x-d1-bookmark')
    expect(bookmark).toMatch(/^[0-9a-f]+(-[0-9a-f]+)*$/i)

    const id = await makeLead(site, 'ses@acme.test', { views: 2 })
    const write = await call('PATCH', `/api/v1/leads/${id}`, site.apiKey, { stage: 'sql' })
    const after = write.headers.get('x-d1-bookmark') ?? bookmark!
    // a later bookmark sorts after an earlier one
    expect(after >= bookmark!).toBe(true)
    const read = await json<Page>(await call('GET', '/api/v1/leads', site.apiKey, undefined, { 'x-d1-bookmark': after }))
    expect(read.data.map((l) => l.id)).toContain(id)
  })

  it('ignores a bookmark that is not one (never a 5xx)', async () => {
    const site = await createSite()
    for (const bad of ['nonsense', '../../etc', 'x'.repeat(500), '00000000-zz']) {
      const res = await call('GET', '/api/v1/leads', site.apiKey, undefined, { 'x-d1-bookmark': bad })
      expect(res.status, bad).toBe(200)
    }
  })
})
