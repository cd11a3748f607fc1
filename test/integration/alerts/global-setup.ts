import type { TestProject } from 'vitest/node'
import { startReceiver } from '../../../scripts/lib/receiver.mjs'

declare module 'vitest' {
  export interface ProvidedContext {
    /** base URL of the test HTTP receiver (scripts/lib/receiver.mjs) the alert tests post to */
    alertReceiverUrl: string
  }
}

/**
 * Starts one receiver for the whole `worker` project, in Node (workerd cannot listen), and hands its
 * URL to the tests, which drive it over HTTP.
 * @example
 * // vitest.config.ts, worker project: test: { globalSetup: ['./test/integration/alerts/global-setup.ts'] }
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const rx = await startReceiver()
  project.provide('alertReceiverUrl', rx.url)
  return () => rx.close()
}
