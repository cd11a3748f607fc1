import { applyD1Migrations, env } from 'cloudflare:test'

// The same SQL files wrangler applies, applied to this test run's local D1 (idempotent).
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS)
