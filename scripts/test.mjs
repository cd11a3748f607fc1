#!/usr/bin/env node
// `npm test`: the whole suite — unit (Node), worker (workerd + real local D1) and browser (Chromium).
// Browser tests run whenever /usr/bin/chromium exists. Without it they are skipped LOUDLY, except in
// CI (CI=true), where a missing browser is a failure.
import { existsSync } from 'node:fs'
import { buildSnippet, run } from './lib.mjs'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ci = process.env.CI === 'true' || process.env.CI === '1'
const hasBrowser = existsSync(CHROMIUM)

buildSnippet()
if (!hasBrowser && ci) {
  console.error(`\n✖ CI=true but ${CHROMIUM} is missing: browser tests cannot run. Install it (apt-get install -y chromium).\n`)
  process.exit(1)
}
const projects = ['unit', 'worker', ...(hasBrowser ? ['browser'] : [])]
run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...projects.flatMap((p) => ['--project', p]), ...process.argv.slice(2)])
if (!hasBrowser) {
  console.warn('\n' + '!'.repeat(78))
  console.warn(`!! BROWSER TESTS SKIPPED: ${CHROMIUM} not found. Install Debian's chromium to run them.`)
  console.warn('!'.repeat(78) + '\n')
}
