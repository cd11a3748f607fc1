import { fileURLToPath } from 'node:url'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { unstable_readConfig } from 'wrangler'
import { defineConfig } from 'vitest/config'

const migrations = fileURLToPath(new URL('./schema/migrations', import.meta.url))

// wrangler.toml's [alias] (stand-ins for library modules, worker/vendor/), which `wrangler deploy` and
// `wrangler dev` apply but the Workers pool does not: applied here too, so the `worker` tests run the
// modules the deployed Worker runs. Each key is one exact import specifier, as wrangler matches it.
const wranglerAliases = Object.entries(unstable_readConfig({ config: './wrangler.toml' }).alias ?? {}).map(([find, to]) => ({
  find: new RegExp(`^${find.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
  replacement: fileURLToPath(new URL(String(to), import.meta.url)),
}))

// Projects: `unit` runs pure modules in Node (scoring, alerts payloads, calibration, snippet build);
// `worker` runs the Worker in workerd with a real local D1 (the migrations wrangler applies);
// `browser` drives headless Chromium (Debian's, else @sparticuz/chromium's) against the Worker under wrangler dev.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'bench/test/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                ADMIN_TOKEN: 'test-admin-token',
                ENVIRONMENT: 'local',
                TEST_MIGRATIONS: await readD1Migrations(migrations),
              },
            },
          })),
        ],
        resolve: { alias: wranglerAliases },
        test: {
          name: 'worker',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          setupFiles: ['./test/integration/setup.ts'],
          // a real HTTP receiver on 127.0.0.1 (Slack / webhook stand-in) that fails on demand
          globalSetup: ['./test/integration/alerts/global-setup.ts', './test/integration/openapi-setup.ts'],
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          // starts the real Worker under wrangler dev (fresh local D1) for the journey tests
          globalSetup: ['./test/browser/support/worker-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // one Chromium at a time: two cores
          fileParallelism: false,
        },
      },
    ],
  },
})
