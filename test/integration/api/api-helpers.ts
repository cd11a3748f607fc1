import { SELF } from 'cloudflare:test'
import { expect } from 'vitest'
import { type CreatedSite, ident, pv, rows, send, uid } from '../helpers'

export type Lead = {
  id: string
  email: string
  name: string | null
  company: string | null
  title: string | null
  score: number
  engagementScore: number
  fitScore: number
  grade: string
  stage: string
  outcome: string | null
  firstSeenAt: string
  lastSeenAt: string
  mqlAt: string | null
  sqlAt: string | null
}
export type LeadDetail = Lead & {
  breakdown: { rule: string; points: number; group?: string; at?: string }[]
  timeline: { type: string; path?: string; at: string; name?: string }[]
  timelineCursor: string | null
  alerts: { channel: string; status: string; at: string }[]
  transitions: { from: string; to: string; source: string; at: string }[]
}
export type Page = { data: Lead[]; nextCursor: string | null }

/** Any request with an API key (JSON body when given). */
export function call(method: string, path: string, key: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const h: Record<string, string> = { ...headers }
  if (key !== null) h.Authorization = `Bearer ${key}`
  if (body !== undefined) h['Content-Type'] ??= 'application/json'
  return SELF.fetch(`https://lb.test${path}`, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) })
}

/** A JSON answer with the expected status. */
export async function json<T>(res: Response, status = 200): Promise<T> {
  const text = await res.text()
  expect(res.status, text).toBe(status)
  return JSON.parse(text) as T
}

/**
 * Makes an identified lead through POST /e, as a browser would: `views` page views on distinct paths
 * (more views → higher score), then an identify with `profile`. Returns the lead id.
 */
export async function makeLead(site: CreatedSite, email: string, opts: { views?: number; profile?: Record<string, string>; vid?: string } = {}): Promise<string> {
  const v = opts.vid ?? uid('v')
  const now = Date.now()
  const events = [...Array.from({ length: opts.views ?? 0 }, (_, k) => pv(`/page/${k}`, now - 1000 * (k + 1))), ident(email, opts.profile ?? {}, now)]
  const res = await send({ s: site.siteKey, v, e: events })
  expect(res.status, await res.clone().text()).toBe(202)
  const [lead] = await rows<{ id: string }>('select id from leads where site_id = ? and email = ?', site.id, email.trim().toLowerCase())
  expect(lead, email).toBeDefined()
  return lead.id
}

/** Follows nextCursor from `path` (which carries its own query) until the end; every page's ids. */
export async function pageThrough(path: string, key: string, between?: (page: number) => Promise<void>): Promise<string[][]> {
  const pages: string[][] = []
  let cursor: string | null = null
  do {
    const sep = path.includes('?') ? '&' : '?'
    const page: Page = await json<Page>(await call('GET', cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path, key))
    pages.push(page.data.map((l) => l.id))
    cursor = page.nextCursor
    if (between) await between(pages.length)
  } while (cursor && pages.length < 100)
  return pages
}
