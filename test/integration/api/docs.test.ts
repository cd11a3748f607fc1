import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'

type Doc = { openapi: string; info: { title: string }; paths: Record<string, Record<string, { parameters?: { name: string }[]; responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } }

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document listing the whole HTTP surface', async () => {
    const res = await SELF.fetch('https://lb.test/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as Doc
    expect(doc.openapi).toMatch(/^3\.1\./)
    for (const p of ['/api/v1/sites', '/api/v1/leads', '/api/v1/leads/{id}', '/api/v1/keys', '/api/v1/keys/{id}', '/api/v1/site', '/api/v1/accounts', '/api/v1/accounts/{domain}', '/health', '/e', '/docs', '/openapi.json']) {
      expect(Object.keys(doc.paths), p).toContain(p)
    }
    expect(Object.keys(doc.paths['/api/v1/leads/{id}']).sort()).toEqual(['delete', 'get', 'patch'])
    const listParams = doc.paths['/api/v1/leads'].get.parameters?.map((p) => p.name)
    expect(listParams).toEqual(expect.arrayContaining(['stage', 'minScore', 'email', 'since', 'domain', 'sort', 'limit', 'cursor', 'format']))
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Lead', 'LeadDetail', 'Problem', 'Site', 'ApiKey', 'Account']))
  })

  it('lists the scoring routes (mounted by another module) and every route the app serves', async () => {
    const doc = (await (await SELF.fetch('https://lb.test/openapi.json')).json()) as Doc
    expect(Object.keys(doc.paths)).toContain('/api/v1/scoring')
    const { app } = await import('../../../worker/app')
    const served = new Set(app.routes.filter((r) => r.method !== 'ALL' && r.method !== 'OPTIONS').map((r) => r.path.replace(/:(\w+)/g, '{$1}')))
    served.delete('/docs.js') // the reference page's own script
    for (const p of served) if (p === '/demo' || p.startsWith('/demo/')) served.delete(p) // the local demo pages
    for (const p of served) if (p === '/app' || p.startsWith('/app/')) served.delete(p) // the web app's HTML pages (docs/app.md)
    for (const p of served) expect(Object.keys(doc.paths), p).toContain(p)
  })
})

describe('GET /docs', () => {
  it('is a self-contained page that renders /openapi.json (nothing from another origin)', async () => {
    const res = await SELF.fetch('https://lb.test/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toContain('text/html')
    const html = await res.text()
    // every src/href is same-origin; the CSP forbids anything else too
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])
    expect(refs.length).toBeGreaterThan(0)
    for (const r of refs) expect(r, r).toMatch(/^\/[^/]/)
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'")
    expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'self'")
    const js = await SELF.fetch('https://lb.test/docs.js')
    expect(js.status).toBe(200)
    const code = await js.text()
    expect(code).toContain("fetch('/openapi.json')")
    expect(code).not.toMatch(/https?:\/\//)
    expect(code).not.toContain('innerHTML') // document text is inserted as text only
  })
})
