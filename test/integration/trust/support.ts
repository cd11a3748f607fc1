import { createExecutionContext, env, SELF, waitOnExecutionContext } from 'cloudflare:test'
import worker from '../../../worker/index'
import { ORIGIN, } from '../helpers'
import { settleAlerts } from '../support/settle'

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

/** Waits (polling the outbox, with the cron's help) until every alert of the lead is final. */
export const settle = (leadId: string) => settleAlerts(leadId)
