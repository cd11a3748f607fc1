import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { deliver } from '../../../worker/alerts/deliver'
import { type Receiver, startReceiver } from '../../../scripts/lib/receiver.mjs'

// deliver() against a real HTTP server on 127.0.0.1 (the same one the workerd tests drive)
let rx: Receiver
beforeAll(async () => {
  rx = await startReceiver()
})
afterAll(() => rx.close())
beforeEach(() => rx.reset())

const now = Date.UTC(2026, 0, 1)
const post = (path: string, timeoutMs?: number) =>
  deliver(`${rx.url}${path}`, { body: '{"x":1}', headers: { 'content-type': 'application/json', 'x-test': 'yes' }, now, timeoutMs })

describe('deliver', () => {
  it('POSTs the body and headers once and reports 2xx as sent', async () => {
    expect(await post('/ok')).toEqual({ outcome: 'sent', status: 200, error: null, retryAfterMs: null })
    expect(rx.requests).toHaveLength(1)
    expect(rx.requests[0]).toMatchObject({ method: 'POST', path: '/ok', body: '{"x":1}' })
    expect(rx.requests[0].headers['x-test']).toBe('yes')
  })

  it('reports 5xx as retry, with the start of the error body', async () => {
    rx.failNext({ status: 503, body: 'upstream_busy' })
    expect(await post('/a')).toEqual({ outcome: 'retry', status: 503, error: 'HTTP 503: upstream_busy', retryAfterMs: null })
  })

  it('reads Retry-After on 429, in seconds or as a date', async () => {
    rx.failNext({ status: 429, retryAfter: '30' })
    expect(await post('/a')).toMatchObject({ outcome: 'retry', status: 429, retryAfterMs: 30_000 })
    rx.failNext({ status: 429, retryAfter: new Date(now + 90_000).toUTCString() })
    expect(await post('/a')).toMatchObject({ outcome: 'retry', retryAfterMs: 90_000 })
  })

  it('reports 404 and 410 as broken, other 4xx as failed', async () => {
    rx.failNext({ status: 404, body: 'no_service' })
    expect(await post('/a')).toMatchObject({ outcome: 'broken', status: 404, error: 'HTTP 404: no_service' })
    rx.failNext({ status: 410 })
    expect(await post('/a')).toMatchObject({ outcome: 'broken', status: 410 })
    rx.failNext({ status: 400, body: 'invalid_blocks' })
    expect(await post('/a')).toMatchObject({ outcome: 'failed', status: 400, error: 'HTTP 400: invalid_blocks' })
  })

  it('never follows a redirect with the payload, and names where it pointed', async () => {
    rx.failNext({ status: 302, location: 'https://evil.example/steal' })
    expect(await post('/moved')).toEqual({ outcome: 'failed', status: 302, error: 'redirect not followed (to evil.example)', retryAfterMs: null })
    expect(rx.requests.map((r) => r.path)).toEqual(['/moved'])
  })

  it('treats a hang past the timeout as retry', async () => {
    rx.failNext({ status: 200, hangMs: 5_000 })
    expect(await post('/slow', 200)).toEqual({ outcome: 'retry', status: null, error: 'timed out after 200 ms', retryAfterMs: null })
  })

  it('treats a refused connection as retry', async () => {
    const gone = await startReceiver()
    const url = gone.url
    await gone.close()
    const r = await deliver(`${url}/x`, { body: '{}', headers: {}, now })
    expect(r).toMatchObject({ outcome: 'retry', status: null })
    expect(r.error).toMatch(/^network error/)
  })
})
