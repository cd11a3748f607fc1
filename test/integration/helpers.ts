import { env, SELF } from 'cloudflare:test'
import { expect } from 'vitest'

export const ADMIN = 'test-admin-token'
export const ORIGIN = 'https://www.acme.test'

let counter = 0
/** A unique id for events and visitors within this test file. */
export const uid = (p = 'x') => `${p}${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`

export interface CreatedSite {
  id: string
  siteKey: string
  apiKey: string
  scriptTag: string
  webhookSecret?: string
}

/** Creates a site through the operator API, as an operator would. */
export async function createSite(body: Record<string, unknown> = {}): Promise<CreatedSite> {
  const res = await SELF.fetch('https://lb.test/api/v1/sites', {
    method: 'POST',
    headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Acme', domains: ['acme.test'], ...body }),
  })
  expect(res.status, await res.clone().text()).toBe(201)
  return res.json()
}

/** Sends a body to POST /e as the snippet does (text/plain, with an Origin). */
export function send(body: unknown, init: { origin?: string | null; type?: string; ua?: string } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': init.type ?? 'text/plain;charset=UTF-8' }
  const origin = init.origin === undefined ? ORIGIN : init.origin
  if (origin !== null) headers.Origin = origin
  if (init.ua) headers['User-Agent'] = init.ua
  return SELF.fetch('https://lb.test/e', {
    method: 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

export const pv = (p: string, at = Date.now(), i = uid('e')) => ({ i, t: 'pv' as const, ts: at, p })
export const ident = (email: string, d: Record<string, string> = {}, at = Date.now(), i = uid('e')) => ({ i, t: 'id' as const, ts: at, d: { email, ...d } })
export const track = (n: string, at = Date.now(), i = uid('e')) => ({ i, t: 'tr' as const, ts: at, n })

/** Runs SQL against the test's real local D1. */
export async function rows<T = Record<string, unknown>>(query: string, ...binds: unknown[]): Promise<T[]> {
  const r = await env.DB.prepare(query).bind(...binds).all<T>()
  return r.results
}

/** GET with an API key. */
export function apiGet(path: string, apiKey: string, headers: Record<string, string> = {}): Promise<Response> {
  return SELF.fetch(`https://lb.test${path}`, { headers: { Authorization: `Bearer ${apiKey}`, ...headers } })
}

/** Asserts a problem+json response with the given status, and returns its body. */
export async function expectProblem(res: Response, status: number): Promise<{ type: string; title: string; status: number; detail: string }> {
  const text = await res.text()
  expect(res.status, text).toBe(status)
  expect(res.headers.get('Content-Type')).toContain('application/problem+json')
  const body = JSON.parse(text)
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) })
  expect(text).not.toMatch(/at \w+ \(|\.ts:\d+/) // no stack traces
  return body
}
