// The app sets its security headers from a fixed list instead of Hono's secureHeaders middleware (a
// smaller Worker): the list must be exactly what the middleware, configured as the app was, sets.
import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { describe, expect, it } from 'vitest'
import { securityHeaders } from '../../../worker/web/security-headers'

const headersOf = async (app: Hono) => {
  const r = await app.request('/x')
  const out: Record<string, string> = {}
  r.headers.forEach((v, k) => {
    out[k] = v
  })
  return out
}

describe("the app's security headers", () => {
  it("are exactly those of Hono's secureHeaders with the app's policy", async () => {
    const hono = new Hono()
    hono.use(
      '*',
      secureHeaders({
        contentSecurityPolicy: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
        referrerPolicy: 'same-origin',
      }),
    )
    const ours = new Hono()
    ours.use('*', securityHeaders)
    for (const app of [hono, ours]) app.get('/x', (c) => c.text('ok', 200, { 'X-Powered-By': 'x', 'X-Frame-Options': 'ALLOW' }))
    const expected = await headersOf(hono)
    expect(expected['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(expected['x-powered-by']).toBeUndefined()
    expect(await headersOf(ours)).toEqual(expected)
  })
})
