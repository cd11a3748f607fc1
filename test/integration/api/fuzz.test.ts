import { SELF } from 'cloudflare:test'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { ADMIN, type CreatedSite, createSite } from '../helpers'
import { makeLead } from './api-helpers'

let site: CreatedSite
let leadId: string
beforeAll(async () => {
  site = await createSite()
  leadId = await makeLead(site, 'fuzz@target.test', { views: 2 })
})

describe('the API never answers 5xx (fast-check)', () => {
  it('survives random methods, paths, query strings, bodies and auth headers', async () => {
    const segment = fc.oneof(
      fc.constantFrom('api', 'v1', 'leads', 'keys', 'site', 'sites', 'accounts', 'scoring', 'docs', 'openapi.json', 'health', 'e', '%00', '..', '%ZZ', ''),
      fc.constant(() => leadId).map((f) => f()),
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
    )
    const path = fc.oneof(
      fc.constantFrom('/api/v1/leads', '/api/v1/site', '/api/v1/keys', '/api/v1/accounts', '/api/v1/scoring').map((p) => p),
      fc.constant(null).map(() => `/api/v1/leads/${leadId}`),
      fc.array(segment, { maxLength: 5 }).map((s) => `/${s.join('/')}`),
    )
    const param = fc.tuple(
      fc.constantFrom('stage', 'minScore', 'email', 'since', 'domain', 'sort', 'limit', 'cursor', 'format', 'timelineLimit', 'timelineBefore', 'dryRun', 'x'),
      fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constantFrom('-score', 'csv', 'mql,sql', '1e999', 'NaN', '-1', 'eyJzIjoiLXNjb3JlIn0')),
    )
    const query = fc.array(param, { maxLength: 4 }).map((ps) => (ps.length ? `?${ps.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}` : ''))
    const auth = fc.constantFrom<(() => string | undefined)[]>(
      () => undefined,
      () => `Bearer ${site.apiKey}`,
      () => `Bearer ${site.apiKey}`,
      () => `Bearer ${ADMIN}`,
      () => 'Bearer lb_forged',
      () => 'Basic abc',
      () => 'Bearer',
      () => `Bearer ${'x'.repeat(5000)}`,
    )
    const body = fc.oneof(
      fc.constant(undefined),
      fc.json({ maxDepth: 3 }),
      fc.string({ maxLength: 40 }),
      fc.record({ stage: fc.string(), outcome: fc.oneof(fc.constantFrom('won', 'lost'), fc.string()), name: fc.string(), retentionDays: fc.double(), alerts: fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.constant(null))) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
    )
    const ctype = fc.constantFrom(undefined, 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'text/csv', 'application/json; charset=utf-8')
    const accept = fc.constantFrom(undefined, 'text/csv', 'application/json', '*/*', 'text/csv;q=0.1, application/json')
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'), path, query, auth, body, ctype, accept, async (method, p, q, a, b, ct, acc) => {
        const headers: Record<string, string> = {}
        const authz = a()
        if (authz) headers.Authorization = authz
        if (ct) headers['Content-Type'] = ct
        if (acc) headers.Accept = acc
        const hasBody = b !== undefined && method !== 'GET' && method !== 'HEAD'
        // never erase the lead the other runs aim at
        const target = method === 'DELETE' && p === `/api/v1/leads/${leadId}` ? `${p}x` : p
        const res = await SELF.fetch(`https://lb.test${target}${q}`, { method, headers, body: hasBody ? b : undefined })
        const text = await res.text()
        expect(res.status, `${method} ${target}${q} → ${text.slice(0, 300)}`).toBeLessThan(500)
        if (res.status >= 400 && method !== 'HEAD') {
          expect(res.headers.get('Content-Type'), `${method} ${target}${q}`).toContain('application/problem+json')
          expect(text).not.toMatch(/at \w+ \(|\.ts:\d+/)
        }
      }),
      { numRuns: 250 },
    )
  }, 120_000)
})
