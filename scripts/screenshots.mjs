#!/usr/bin/env node
// `npm run screenshots`: the app's hot leads and lead page at a phone (390×844) and a laptop (1280×800)
// size, written to docs/screenshots/. Starts its own Worker (wrangler dev on a free port, fresh local D1
// in a temp dir), seeds the demo site with scripts/seed-demo.mjs, and stops it by pid when done.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { DEMO_API_KEY, demoSeedSql } from './lib.mjs'
import { seedDemo } from './seed-demo.mjs'

const WRANGLER = 'node_modules/wrangler/bin/wrangler.js'
const ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' }
const OUT = 'docs/screenshots'
const SIZES = { phone: { width: 390, height: 844 }, desktop: { width: 1280, height: 800 } }

const wrangler = (args) => {
  const r = spawnSync(process.execPath, [WRANGLER, ...args], { env: ENV, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`wrangler ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`)
}
const freePort = () =>
  new Promise((res) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
  })

const persist = mkdtempSync(join(tmpdir(), 'leadbeacon-shots-'))
wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist])
wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persist, '--command', demoSeedSql()])
const port = await freePort()
const base = `http://127.0.0.1:${port}`
const inspectorPort = await freePort()
const child = spawn(
  process.execPath,
  [WRANGLER, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persist, '--var', 'ADMIN_TOKEN:screenshots', '--var', 'ENVIRONMENT:local', '--show-interactive-dev-session=false', '--log-level', 'warn', '--inspector-port', String(inspectorPort)],
  { env: ENV, detached: true, stdio: 'ignore' },
)
const stop = () => {
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {}
}
try {
  for (let i = 0; !(await fetch(`${base}/health`).then((r) => r.ok, () => false)); i++) {
    if (i > 240) throw new Error('wrangler dev did not start')
    await new Promise((r) => setTimeout(r, 250))
  }
  console.log(`seeded ${await seedDemo(base)} leads`)
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--headless'] })
  mkdirSync(OUT, { recursive: true })
  for (const [name, viewport] of Object.entries(SIZES)) {
    const ctx = await browser.newContext({ viewport, deviceScaleFactor: 1 })
    const page = await ctx.newPage()
    await page.goto(`${base}/app/sign-in`)
    await page.fill('#key', DEMO_API_KEY)
    await page.click('button[type=submit]')
    await page.waitForURL('**/app/leads')
    await page.screenshot({ path: `${OUT}/hot-leads-${name}.png` })
    // the lead page of the best SQL lead: the one with the most to show
    const href = await page.getAttribute('tr[data-stage="sql"] a', 'href')
    await page.goto(base + href)
    await page.screenshot({ path: `${OUT}/lead-${name}.png` })
    await ctx.close()
  }
  await browser.close()
  console.log(`screenshots written to ${OUT}/`)
} finally {
  stop()
  setTimeout(() => rmSync(persist, { recursive: true, force: true }), 1000)
}
