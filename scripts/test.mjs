#!/usr/bin/env node
// `npm test`: the whole suite — unit (Node), worker (workerd + real local D1) and browser (Chromium).
// Browser tests run whenever /usr/bin/chromium exists. Without it they are skipped LOUDLY, except in
// CI (CI=true), where a missing browser is a failure.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { buildSnippet } from './lib.mjs'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ci = process.env.CI === 'true' || process.env.CI === '1'
const hasBrowser = existsSync(CHROMIUM)

buildSnippet()
if (!hasBrowser && ci) {
  console.error(`\n✖ CI=true but ${CHROMIUM} is missing: browser tests cannot run. Install it (apt-get install -y chromium).\n`)
  process.exit(1)
}
const projects = ['unit', 'worker', ...(hasBrowser ? ['browser'] : [])]
mkdirSync('.tmp', { recursive: true })
const report = '.tmp/vitest-report.json'
rmSync(report, { force: true })
const r = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
)
if (!hasBrowser) {
  console.warn('\n' + '!'.repeat(78))
  console.warn(`!! BROWSER TESTS SKIPPED: ${CHROMIUM} not found. Install Debian's chromium to run them.`)
  console.warn('!'.repeat(78) + '\n')
}
// One plain closing line, whatever the runner printed above it.
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, 'utf8'))
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0)
  console.log(`\ntests: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${skipped} skipped`)
}
process.exit(r.status ?? 1)
