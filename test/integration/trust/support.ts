import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test'
import { retryDueAlerts } from '../../../worker/alerts/outbox'
import worker from '../../../worker/index'
import { ORIGIN, rows } from '../helpers'

/**
 * POST /e as the snippet does, from a given client address (as Cloudflare's edge sets CF-Connecting-IP),
 * handed to the Worker's own `fetch` with this run's bindings. Not through `SELF.fetch`: with 16 requests
 * in flight each of its calls gets slower than the last (800 bare 404s took 2 minutes and climbing,
 * against under a second called directly), which is the test harness's cost, not the Worker's.
 */
export async function sendFrom(ip: string | null, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN }
  if (ip) headers['CF-Connecting-IP'] = ip
  const ctx = createExecutionContext()
  const res = await worker.fetch(new Request('https://lb.test/e', { method: 'POST', headers, body: JSON.stringify(body) }), env, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

/** A random address of the documentation range, so reruns in one process never share a limiter key. */
export const randomIp = () => `198.51.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 254) + 1}`

/** An API call with a key and an optional JSON body. */
export function api(method: string, path: string, key: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Authorization: `Bearer ${key}` }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  return SELF.fetch(`https://lb.test${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
}

const TERMINAL = new Set(['sent', 'failed', 'broken', 'refused'])

/** Waits (polling the outbox, with the cron's help) until every alert of the lead is final. */
export async function settle(leadId: string): Promise<{ channel: string; status: string }[]> {
  for (let i = 0; i < 400; i++) {
    const got = await rows<{ channel: string; status: string }>('select channel, status from alerts where lead_id = ? order by channel', leadId)
    if (got.length && got.every((r) => TERMINAL.has(r.status))) return got
    await retryDueAlerts(env, Date.now())
    await scheduler.wait(10)
  }
  throw new Error('alerts did not settle')
}
