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
const post = (path: string, timeoutMs?: number, slack = false) =>
  deliver(`${rx.url}${path}`, { body: '{"x":1}', headers: { 'content-type': 'application/json', 'x-test': 'yes' }, now, timeoutMs, slack })

describe('deliver', () => {
  it('POSTs the body and headers once and reports 2xx as sent', async () => {
    expect(await post('/ok')).toEqual({ outcome: 'sent', status: 200, error: null, retryAfterMs: null })
    expect(rx.requests).toHaveLength(1)
    expect(rx.requests[0]).toMatchObject({ method: 'POST', path: '/ok', body: '{"x":1}' })
    expect(rx.requests[0].headers['x-test']).toBe('yes')
  })

  it('reports 5xx as retry, with a reason of our own', async () => {
    rx.failNext({ status: 503, body: 'upstream_busy' })
    expect(await post('/a')).toEqual({ outcome: 'retry', status: 503, error: 'HTTP 503: server error', retryAfterMs: null })
  })

  it('reads Retry-After on 429, in seconds or as a date', async () => {
    rx.failNext({ status: 429, retryAfter: '30' })
    expect(await post('/a')).toMatchObject({ outcome: 'retry', status: 429, retryAfterMs: 30_000 })
    rx.failNext({ status: 429, retryAfter: new Date(now + 90_000).toUTCString() })
    expect(await post('/a')).toMatchObject({ outcome: 'retry', retryAfterMs: 90_000 })
  })

  it('reports 404 and 410 as broken, other 4xx as failed', async () => {
    rx.failNext({ status: 404, body: 'no_service' })
    expect(await post('/a', undefined, true)).toMatchObject({ outcome: 'broken', status: 404, error: 'HTTP 404: no_service' })
    rx.failNext({ status: 410 })
    expect(await post('/a')).toMatchObject({ outcome: 'broken', status: 410, error: 'HTTP 410: gone' })
    rx.failNext({ status: 400, body: 'invalid_blocks' })
    expect(await post('/a', undefined, true)).toMatchObject({ outcome: 'failed', status: 400, error: 'HTTP 400: invalid_blocks' })
  })

  it('keeps no body but a Slack error code from the Slack channel, and no body at all from others', async () => {
    const secret = 'internal-db-password=hunter2'
    const cases: [status: number, body: string, slack: boolean, error: string][] = [
      [400, secret, false, 'HTTP 400: request refused'],
      [400, secret, true, 'HTTP 400: request refused'],
      [500, secret, false, 'HTTP 500: server error'],
      [404, 'no_service', false, 'HTTP 404: not found'],
      [403, 'action_prohibited', false, 'HTTP 403: forbidden'],
      [403, 'action_prohibited', true, 'HTTP 403: action_prohibited'],
      [404, 'channel_not_found\n', true, 'HTTP 404: channel_not_found'],
      [400, `invalid_token ${secret}`, true, 'HTTP 400: request refused'],
      [429, secret, true, 'HTTP 429: rate limited'],
    ]
    for (const [status, body, slack, error] of cases) {
      rx.failNext({ status, body })
      const r = await post('/secret', undefined, slack)
      expect([status, body, slack, r.error]).toEqual([status, body, slack, error])
      expect(JSON.stringify(r)).not.toContain('hunter2')
    }
  })

  it('never follows a redirect with the payload, and keeps nothing of where it pointed', async () => {
    rx.failNext({ status: 302, location: 'https://evil.example/steal' })
    expect(await post('/moved')).toEqual({ outcome: 'failed', status: 302, error: 'HTTP 302: redirect not followed', retryAfterMs: null })
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
