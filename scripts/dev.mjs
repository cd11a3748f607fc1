#!/usr/bin/env node
// `npm run dev`: the whole system locally — local D1 (migrations applied), .dev.vars, the demo site,
// the Worker on 127.0.0.1:8787 (wrangler.toml [dev]) and a cron ticker so failed alerts are retried.
// Extra arguments pass through to wrangler: `npm run dev -- --port 8790`.
import { readFileSync } from 'node:fs'
import { buildSnippet } from '../snippet/build.mjs'
import { buildOpenApi } from './build-openapi.mjs'
import { ensureDevVars } from './dev-vars.mjs'
import { DEMO_API_KEY, demoSeedSql } from './lib.mjs'
import { prepareDb, startWorker, stopAll, stopAllNow } from './lib/worker-proc.mjs'

const args = process.argv.slice(2)
// --port and --ip are ours to pick the URL we print and poll; the rest goes to wrangler as is
const take = (flag) => {
  const i = args.indexOf(flag)
  return i < 0 ? undefined : args.splice(i, 2)[1]
}
const toml = readFileSync('wrangler.toml', 'utf8')
const port = Number(take('--port') ?? /^\s*port\s*=\s*(\d+)/m.exec(toml)?.[1] ?? 8787)
const ip = take('--ip') ?? /^\s*ip\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? '127.0.0.1'

const { created, addedEnvironment, adminToken } = ensureDevVars()
if (created) console.log('• created .dev.vars with a random ADMIN_TOKEN')
if (addedEnvironment) console.log('• added ENVIRONMENT=local to .dev.vars (local mode; deployed Workers run in production mode)')

process.on('exit', stopAllNow)
const { size } = await buildSnippet()
console.log(`• snippet built: ${size.raw} B raw, ${size.brotli} B brotli`)
console.log(`• OpenAPI document generated: ${(await buildOpenApi()).bytes} B`)
prepareDb({ seedSql: demoSeedSql() })
console.log('• local D1 migrated, demo site seeded')
const worker = await startWorker({ ip, port, args: ['--test-scheduled', ...args], log: 'inherit' })
const base = worker.url

console.log(`
  Leadbeacon (local)
  • Worker       ${base}   (health: ${base}/health)
  • Demo page    ${base}/demo   (site key "demo")
  • Demo API key ${DEMO_API_KEY}   e.g. curl -H "Authorization: Bearer ${DEMO_API_KEY}" ${base}/api/v1/leads
  • Admin token  ${adminToken}   (from .dev.vars; for POST /api/v1/sites)
  • API docs     ${base}/docs
`)

import('./seed-demo.mjs').then((m) => m.seedWhenUp(base)) // demo leads for the app, once the Worker answers

// wrangler dev never fires crons by itself: tick the scheduled handler so failed alerts are retried
// (each within about a minute of the failure) and retention runs, with nothing else to start.
const tick = setInterval(() => {
  fetch(`${base}/__scheduled?cron=*+*+*+*+*`).catch(() => {})
}, 20_000)

// wrangler runs in its own process group: stopping this script (Ctrl-C, or its pid) stops the group.
const stop = async () => {
  clearInterval(tick)
  await stopAll()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
worker.child.on('exit', (code) => {
  clearInterval(tick)
  // wrangler ended on its own: end whatever it left in its group
  try {
    process.kill(-worker.pid, 'SIGKILL')
  } catch {}
  process.exit(code ?? 0)
})
