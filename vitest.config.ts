import { defineConfig } from 'vitest/config'

// Projects: `unit` runs pure modules in Node (scoring, alerts payloads, calibration, snippet build);
// `worker` runs the Worker in workerd with a real local D1; `browser` drives Debian's Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
    ],
  },
})
