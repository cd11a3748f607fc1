import { beforeAll, describe, expect, it } from 'vitest'
import { buildSnippet } from '../../../snippet/build.mjs'

// the route serves the generated module: build it first (a fresh clone has none)
let routes: typeof import('../../../worker/routes/snippet')
beforeAll(async () => {
  await buildSnippet()
  routes = await import('../../../worker/routes/snippet')
})

describe('GET /s.js', () => {
  it('serves the built tag, cacheable, with its content-hash ETag', async () => {
    const { code, etag } = await buildSnippet({ write: false })
    const r = await routes.snippetRoutes.request('/s.js')
    expect(r.status).toBe(200)
    expect(await r.text()).toBe(code)
    expect(r.headers.get('content-type')).toBe('application/javascript; charset=utf-8')
    expect(r.headers.get('cache-control')).toBe('public, max-age=3600, stale-while-revalidate=86400')
    expect(r.headers.get('etag')).toBe(etag)
    expect(r.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('answers 304 with no body to a matching If-None-Match, 200 otherwise', async () => {
    const { etag } = await buildSnippet({ write: false })
    for (const inm of [etag, `W/${etag}`, `"old", ${etag}`, '*']) {
      const r = await routes.snippetRoutes.request('/s.js', { headers: { 'If-None-Match': inm } })
      expect(r.status).toBe(304)
      expect(await r.text()).toBe('')
      expect(r.headers.get('etag')).toBe(etag)
    }
    const stale = await routes.snippetRoutes.request('/s.js', { headers: { 'If-None-Match': '"old"' } })
    expect(stale.status).toBe(200)
  })

  it('matches ETags as HTTP says', () => {
    expect(routes.etagMatches(undefined, '"a"')).toBe(false)
    expect(routes.etagMatches('"b", W/"a"', '"a"')).toBe(true)
    expect(routes.etagMatches('"ab"', '"a"')).toBe(false)
  })
})
