import { defineConfig } from 'vitest/config'

// The bench's own unit tests (pure helpers, in Node): `npx vitest run --config bench/vitest.config.ts`.
// Kept apart from the project's test projects because bench/ is not part of `npm test`.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['bench/test/**/*.test.ts'],
    environment: 'node',
  },
})
