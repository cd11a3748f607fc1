#!/usr/bin/env node
// `npm run bench:app`: the app's pages at 1,000 leads on their own (bench/lib/app-pages.mjs; `npm run
// bench` measures hot leads and the lead page the same way) — server time (median and p95 of 30
// sequential requests over loopback) and page weight (brotli bytes of everything the page loads from the
// Worker until the network is idle, in headless Chromium). Builds the Worker as `wrangler deploy` would,
// serves it on free ports with a fresh local D1 in a temp dir, and stops it by pid. Prints one JSON
// object as its last stdout line.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stopAll, stopAllNow } from '../scripts/lib/worker-proc.mjs'
import { buildSnippet } from '../snippet/build.mjs'
import { appPages } from './lib/app-pages.mjs'
import { buildWorker } from './lib/procs.mjs'

const dir = mkdtempSync(join(tmpdir(), 'lb-app-bench-'))
process.on('exit', stopAllNow)
try {
  await buildSnippet() // the Worker serves the generated snippet
  const built = buildWorker({ config: 'wrangler.toml', dir })
  const result = await appPages({ built, dir, log: (m) => process.stderr.write(`${m}\n`) })
  for (const p of Object.values(result.pages)) process.stderr.write(`  ${p.path}: ${p.medianMs} ms median, ${p.p95Ms} ms p95, ${p.brotliBytes} B brotli (${p.parts.join(', ')})\n`)
  for (const p of Object.values(result.pages)) delete p.parts
  console.log(JSON.stringify(result))
} catch (err) {
  process.stderr.write(`✖ bench:app failed: ${err?.stack ?? err}\n  logs kept in ${dir}\n`)
  process.exitCode = 1
} finally {
  await stopAll()
  if (process.exitCode !== 1) rmSync(dir, { recursive: true, force: true })
}
