import { buildOpenApi } from '../../scripts/build-openapi.mjs'

/**
 * /openapi.json is the document generated at build time (public/openapi.json, a static file), so the
 * `worker` project generates it from the current routes before any test file imports the Worker.
 * @example
 * // vitest.config.ts, worker project: test: { globalSetup: ['./test/integration/openapi-setup.ts'] }
 */
export default async function setup(): Promise<void> {
  await buildOpenApi()
}
