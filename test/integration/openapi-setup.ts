import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/**
 * /openapi.json is the document generated at build time (public/openapi.json, a static file), so the
 * `worker` project generates it from the current routes before any test file imports the Worker. In a
 * Node process of its own: this project resolves modules with wrangler's [alias] (vitest.config.ts),
 * whose zod-to-openapi stand-in generates nothing.
 * @example
 * // vitest.config.ts, worker project: test: { globalSetup: ['./test/integration/openapi-setup.ts'] }
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('../../', import.meta.url))
  const r = spawnSync(process.execPath, ['scripts/build-openapi.mjs'], { cwd: root, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`scripts/build-openapi.mjs failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`)
}
