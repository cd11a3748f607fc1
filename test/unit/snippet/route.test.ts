import { beforeAll, describe, expect, it } from 'vitest'
import { brotliDecompressSync } from 'node:zlib'
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

  it('answers a client that accepts br with the measured brotli bytes as they are, under their own ETag', async () => {
    const { code, etag, size } = await buildSnippet({ write: false })
    const r = await routes.snippetRoutes.request('/s.js', { headers: { 'Accept-Encoding': 'gzip, deflate, br, zstd' } })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-encoding')).toBe('br')
    expect(r.headers.get('vary')).toBe('Accept-Encoding')
    const bytes = Buffer.from(await r.arrayBuffer())
    // the bytes on the wire are the bytes the size budget measures
    expect(bytes.length).toBe(size.brotli)
    expect(brotliDecompressSync(bytes).toString()).toBe(code)
    const brEtag = r.headers.get('etag')!
    expect(brEtag).not.toBe(etag)
    const again = await routes.snippetRoutes.request('/s.js', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': brEtag } })
    expect(again.status).toBe(304)
    // the plain script's ETag does not validate the brotli copy, nor the other way round
    const other = await routes.snippetRoutes.request('/s.js', { headers: { 'Accept-Encoding': 'br', 'If-None-Match': etag } })
    expect(other.status).toBe(200)
    const plainOther = await routes.snippetRoutes.request('/s.js', { headers: { 'If-None-Match': brEtag } })
    expect(plainOther.status).toBe(200)
    expect(await plainOther.text()).toBe(code)
  })

  it('serves the plain script when br is refused or not offered', async () => {
    const { code } = await buildSnippet({ write: false })
    for (const ae of ['br;q=0, gzip', 'gzip, deflate', 'identity', '']) {
      const r = await routes.snippetRoutes.request('/s.js', { headers: ae ? { 'Accept-Encoding': ae } : {} })
      expect(r.headers.get('content-encoding')).toBeNull()
      expect(await r.text()).toBe(code)
    }
    expect(routes.acceptsBrotli('gzip, BR;q=0.5')).toBe(true)
    expect(routes.acceptsBrotli('br;q=0.0')).toBe(false)
    expect(routes.acceptsBrotli('brotli')).toBe(false)
  })

  it('matches ETags as HTTP says', () => {
    expect(routes.etagMatches(undefined, '"a"')).toBe(false)
    expect(routes.etagMatches('"b", W/"a"', '"a"')).toBe(true)
    expect(routes.etagMatches('"ab"', '"a"')).toBe(false)
  })
})
