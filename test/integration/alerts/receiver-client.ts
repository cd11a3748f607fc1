import { inject } from 'vitest'
import type { FailRule, RecordedRequest } from '../../../scripts/lib/receiver.mjs'

/**
 * The test receiver, driven over HTTP from inside workerd. Each test uses its own path prefix, so
 * tests sharing the one receiver never see each other's requests or failures.
 * @example
 * const rx = receiver('/slack-500')
 * await rx.failNext({ status: 500, count: 3 })
 * const url = rx.url // post here
 * expect(await rx.requests()).toHaveLength(4)
 */
export function receiver(prefix: string) {
  const base = inject('alertReceiverUrl')
  if (!base) throw new Error("no alert receiver: add './test/integration/alerts/global-setup.ts' to the worker project's globalSetup")
  const path = `${prefix}/${crypto.randomUUID()}`
  return {
    url: `${base}${path}`,
    path,
    async failNext(rule: Omit<FailRule, 'path'>): Promise<void> {
      const res = await fetch(`${base}/__control`, { method: 'POST', body: JSON.stringify({ action: 'fail', path, ...rule }) })
      if (!res.ok) throw new Error(`receiver control failed: ${await res.text()}`)
    },
    async requests(): Promise<RecordedRequest[]> {
      const res = await fetch(`${base}/__requests?path=${encodeURIComponent(path)}`)
      return res.json()
    },
  }
}
