import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { createSite, expectProblem, rows } from '../helpers'
import { call } from './api-helpers'

describe('RL_API: per-key rate limit', () => {
  // The local Rate Limiting simulation enforces wrangler.toml's limit (600 per 60 s window, keyed here by
  // the API key's id). Sending 600 requests through SELF takes longer than a window in this harness, so
  // the key's quota is used up on the binding itself, then the next HTTP request must be refused.
  it('answers 429 problem+json with Retry-After once a key is over its limit, and only that key', async () => {
    const site = await createSite()
    const other = await createSite()
    const [key] = await rows<{ id: string }>('select id from api_keys where site_id = ?', site.id)
    let limited: Response | null = null
    // a window may roll over between using up the quota and the request: then try again
    for (let round = 0; round < 3 && !limited; round++) {
      let used = 0
      while ((await env.RL_API!.limit({ key: key.id })).success) used++
      expect(used).toBeLessThanOrEqual(600)
      const res = await call('GET', '/api/v1/leads', site.apiKey)
      if (res.status === 429) limited = res
      else await res.body?.cancel()
    }
    expect(limited).not.toBeNull()
    const p = await expectProblem(limited!, 429)
    expect(p.detail).toMatch(/too many requests/i)
    expect(Number(limited!.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect((await call('GET', '/api/v1/leads', other.apiKey)).status).toBe(200) // another key is not limited
  })
})
