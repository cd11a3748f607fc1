import { buildOpenApi } from '../../scripts/build-openapi.mjs'

/**
 * The Worker serves the OpenAPI document generated at build time (worker/generated/openapi.ts), so the
 * `worker` project generates it from the current routes before any test file imports the Worker.
 * @example
 * // vitest.config.ts, worker project: test: { globalSetup: ['./test/integration/openapi-setup.ts'] }
 */
export default async function setup(): Promise<void> {
  await buildOpenApi()
}
