#!/usr/bin/env node
// `node bench/drills/run.mjs`: the reliability drills on their own (npm run bench runs them too).
// Builds Leadbeacon as deployed, serves it on loopback with a fresh persisted local D1, and runs the
// kill drill, then the hand-raise bursts and the steady-load drill on the restarted Worker. Every
// process it starts is stopped by process group. Prints one JSON line.
// Options: --steady-seconds 60 --rate 10 --bursts 100 --kill-seconds 4 --keep-tmp
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { stopAll, stopAllNow } from '../../scripts/lib/worker-proc.mjs'
import { buildOpenApi } from '../../scripts/build-openapi.mjs'
import { buildSnippet } from '../../snippet/build.mjs'
import { buildWorker } from '../lib/procs.mjs'
import { runDrills } from './index.mjs'

const { values: opt } = parseArgs({
  options: {
    'steady-seconds': { type: 'string', default: '60' },
    rate: { type: 'string', default: '10' },
    bursts: { type: 'string', default: '100' },
    'kill-seconds': { type: 'string', default: '4' },
    'keep-tmp': { type: 'boolean', default: false },
  },
})
const tmp = mkdtempSync(join(tmpdir(), 'lb-drills-'))
process.on('exit', stopAllNow)
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130))
try {
  await buildSnippet()
  await buildOpenApi()
  const built = buildWorker({ config: 'wrangler.toml', dir: tmp })
  const r = await runDrills({
    built,
    dir: tmp,
    steadySeconds: Math.min(120, Number(opt['steady-seconds'])),
    rate: Math.min(200, Number(opt.rate)),
    bursts: Math.min(500, Number(opt.bursts)),
    killSeconds: Math.min(30, Number(opt['kill-seconds'])),
    log: (m) => process.stderr.write(`${m}\n`),
  })
  process.stdout.write(`${JSON.stringify(r)}\n`)
} catch (err) {
  console.error(`✖ drills failed: ${err?.stack ?? err}\n  logs kept in ${tmp}`)
  process.exitCode = 1
} finally {
  await stopAll()
  if (process.exitCode !== 1 && !opt['keep-tmp']) rmSync(tmp, { recursive: true, force: true })
}
