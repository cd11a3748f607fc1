import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import worker from '../../../worker/index'
import { countingD1 } from './d1-counter'

/**
 * One invocation of the Worker's fetch with a counting D1, its waitUntil work awaited (the platform
 * counts that work against the same invocation): the response and the D1 queries it took.
 * @example
 * const { res, queries } = await invoke('DELETE', `/api/v1/sites/${id}`, ADMIN)
 */
export async function invoke(method: string, path: string, key: string, body?: string, type = 'application/json'): Promise<{ res: Response; queries: number }> {
  const { db, counts } = countingD1(env.DB)
  const ctx = createExecutionContext()
  const headers: Record<string, string> = { Authorization: `Bearer ${key}` }
  if (body !== undefined) headers['Content-Type'] = type
  const res = await worker.fetch(new Request(`https://lb.test${path}`, { method, headers, body }), { ...env, DB: db }, ctx)
  await res.clone().text()
  await waitOnExecutionContext(ctx)
  return { res, queries: counts.queries }
}
