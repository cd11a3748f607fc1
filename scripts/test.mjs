#!/usr/bin/env node
// `npm test`: the whole suite — unit (Node), worker (workerd + real local D1) and browser (Chromium:
// /usr/bin/chromium, else the one @sparticuz/chromium ships; a missing browser fails the run).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { buildSnippet } from '../snippet/build.mjs'
import { buildOpenApi } from './build-openapi.mjs'

await buildSnippet()
await buildOpenApi()
mkdirSync('.tmp', { recursive: true })
const report = '.tmp/vitest-report.json'
rmSync(report, { force: true })
const r = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', '--project', 'unit', '--project', 'worker', '--project', 'browser', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit' },
)
// One plain closing line, whatever the runner printed above it.
if (existsSync(report)) {
  const j = JSON.parse(readFileSync(report, 'utf8'))
  const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0)
  console.log(`\ntests: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${skipped} skipped`)
}
process.exit(r.status ?? 1)
