/**
 * vitest globalSetup of the `browser` project: finds Chromium once (a missing browser fails the run
 * here), builds the snippet, and starts the real Worker under `wrangler dev` on a free port with a
 * fresh local D1 (migrations applied, demo site seeded) in a temp `--persist-to` dir, stopped by pid
 * afterwards. Tests read `inject('worker')`, `inject('chromium')` and `inject('bfcache')`.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { demoSeedSql } from '../../../scripts/lib.mjs'
import { prepareDb, startWorker } from '../../../scripts/lib/worker-proc.mjs'
import { buildOpenApi } from '../../../scripts/build-openapi.mjs'
import { buildSnippet } from '../../../snippet/build.mjs'
import { findChromium } from './chromium'

/** What the tests get: where the Worker runs, its admin token and its D1 directory. */
export interface WorkerInfo {
  url: string
  adminToken: string
  persistTo: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    worker: WorkerInfo
    /** the Chromium executable every browser test launches */
    chromium: string
    /** whether that Chromium keeps pages in a back/forward cache (the packaged headless shell does not) */
    bfcache: boolean
  }
}

export default async function setup(project: TestProject) {
  const browser = await findChromium()
  project.provide('chromium', browser.path)
  project.provide('bfcache', !browser.packaged)
  if (browser.packaged) {
    console.warn(`browser tests: ${browser.path} from @sparticuz/chromium (a headless shell without a back/forward cache: the one test that needs it is skipped)`)
  }
  await buildSnippet()
  await buildOpenApi()
  const persistTo = mkdtempSync(join(tmpdir(), 'leadbeacon-browser-'))
  prepareDb({ persistTo, seedSql: demoSeedSql() })
  const adminToken = 'browser-test-admin-token'
  const worker = await startWorker({ persistTo, vars: { ADMIN_TOKEN: adminToken, ENVIRONMENT: 'local' }, timeoutMs: 60_000 })
  project.provide('worker', { url: worker.url, adminToken, persistTo })

  return async () => {
    await worker.stop()
    rmSync(persistTo, { recursive: true, force: true })
  }
}
