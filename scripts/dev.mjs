#!/usr/bin/env node
// `npm run dev`: the whole system locally — local D1 (migrations applied), .dev.vars, the demo site,
// the Worker on 127.0.0.1:8787 (wrangler.toml [dev]) and a cron ticker so failed alerts are retried.
// Extra arguments pass through to wrangler: `npm run dev -- --port 8790`.
import { randomBytes } from 'node:crypto'
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { buildSnippet, DEMO_API_KEY, demoSeedSql, run, start } from './lib.mjs'

const args = process.argv.slice(2)
const wrangler = ['node_modules/wrangler/bin/wrangler.js']

if (!existsSync('.dev.vars')) {
  copyFileSync('.dev.vars.example', '.dev.vars')
  const token = randomBytes(18).toString('base64url')
  writeFileSync('.dev.vars', readFileSync('.dev.vars', 'utf8').replace(/^ADMIN_TOKEN=.*$/m, `ADMIN_TOKEN=${token}`))
  console.log('• created .dev.vars with a random ADMIN_TOKEN')
}
const adminToken = /^ADMIN_TOKEN=(.*)$/m.exec(readFileSync('.dev.vars', 'utf8'))?.[1]

buildSnippet()
run(process.execPath, [...wrangler, 'd1', 'migrations', 'apply', 'DB', '--local'], { env: { ...process.env, CI: 'true' } })
run(process.execPath, [...wrangler, 'd1', 'execute', 'DB', '--local', '--command', demoSeedSql()], { stdio: ['inherit', 'ignore', 'inherit'] })

const toml = readFileSync('wrangler.toml', 'utf8')
const portArg = args.indexOf('--port')
const port = portArg >= 0 ? args[portArg + 1] : (/^\s*port\s*=\s*(\d+)/m.exec(toml)?.[1] ?? '8787')
const ipArg = args.indexOf('--ip')
const host = ipArg >= 0 ? args[ipArg + 1] : (/^\s*ip\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? '127.0.0.1')
const base = `http://${host}:${port}`

console.log(`
  Leadbeacon (local)
  • Worker       ${base}   (health: ${base}/health)
  • Demo page    ${base}/demo   (site key "demo")
  • Demo API key ${DEMO_API_KEY}   e.g. curl -H "Authorization: Bearer ${DEMO_API_KEY}" ${base}/api/v1/leads
  • Admin token  ${adminToken}   (from .dev.vars; for POST /api/v1/sites)
  • API docs     ${base}/docs
`)

// wrangler's CLI itself (not its bin wrapper, which would not pass our signal on), so stopping this script by
// its pid stops wrangler, and wrangler stops the workerd it runs.
const child = start(process.execPath, ['--no-warnings', '--experimental-vm-modules', 'node_modules/wrangler/wrangler-dist/cli.js', 'dev', '--test-scheduled', ...args])
import('./seed-demo.mjs').then((m) => m.seedWhenUp(base)) // demo leads for the app, once the Worker answers

// wrangler dev never fires crons by itself: tick the scheduled handler so failed alerts are retried
// (each within about a minute of the failure) and retention runs, with nothing else to start.
const tick = setInterval(() => {
  fetch(`${base}/__scheduled?cron=*+*+*+*+*`).catch(() => {})
}, 20_000)

const stop = () => {
  clearInterval(tick)
  child.kill('SIGINT')
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
child.on('exit', (code) => {
  clearInterval(tick)
  process.exit(code ?? 0)
})
