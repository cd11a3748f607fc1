#!/usr/bin/env node
// `npm run bench:app`: the app's pages at 1,000 leads — server time (median and p95 of 30 sequential
// requests over loopback, so it includes a round trip of a few ms) and the brotli bytes of what each page
// loads (HTML + CSS + JS). Starts its own Worker (wrangler dev on free ports, fresh local D1), seeds the
// demo site through the real endpoints, then copies those leads (scores, states, reasons) up to 1,008 in
// SQL, and stops the Worker by pid. Prints one JSON object as its last stdout line.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, constants } from 'node:zlib'
import { DEMO_API_KEY, demoSeedSql } from '../scripts/lib.mjs'
import { seedDemo } from '../scripts/seed-demo.mjs'

const WRANGLER = 'node_modules/wrangler/bin/wrangler.js'
const ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' }
const RUNS = 30
const COPIES = 28 // × 36 demo leads = 1,008

const wrangler = (args) => {
  const r = spawnSync(process.execPath, [WRANGLER, ...args], { env: ENV, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`wrangler ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}
const freePort = () =>
  new Promise((res) => {
    const s = createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
  })
const br = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]

const persist = mkdtempSync(join(tmpdir(), 'leadbeacon-app-bench-'))
wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persist])
wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persist, '--command', demoSeedSql()])
const [port, inspector] = [await freePort(), await freePort()]
const base = `http://127.0.0.1:${port}`
const child = spawn(
  process.execPath,
  [WRANGLER, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector), '--persist-to', persist, '--var', 'ADMIN_TOKEN:bench', '--var', 'ENVIRONMENT:local', '--show-interactive-dev-session=false', '--log-level', 'warn'],
  { env: ENV, detached: true, stdio: 'ignore' },
)
const stop = () => {
  try {
    process.kill(-child.pid, 'SIGTERM')
  } catch {}
}
process.on('exit', stop)
try {
  for (let i = 0; !(await fetch(`${base}/health`).then((r) => r.ok, () => false)); i++) {
    if (i > 240) throw new Error('wrangler dev did not start')
    await new Promise((r) => setTimeout(r, 250))
  }
  await seedDemo(base)
  process.stderr.write('seeded\n')
  // copies of the demo leads (same states and reasons, new ids and emails): a site of 1,008 leads
  wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persist, '--command',
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${COPIES - 1})
     INSERT INTO leads (id, site_id, email, account_domain, name, company, title, profile, stage, outcome, outcome_at, score, engagement_score, fit_score, grade, score_state, breakdown, scored_at, model_version, first_seen_at, last_seen_at, mql_at, sql_at, version, created_at)
     SELECT id || '-c' || i, site_id, i || '.' || email, account_domain, name, company, title, profile, stage, outcome, outcome_at, score, engagement_score, fit_score, grade, score_state, breakdown, scored_at, model_version, first_seen_at, last_seen_at - i * 3600000, mql_at, sql_at, version, created_at
     FROM leads, n WHERE site_id = 'site_demo' AND id NOT LIKE '%-c%'`])
  process.stderr.write('copied\n')
  // the Worker may drop connections while another process writes its D1 file: wait until it answers
  for (let i = 0; !(await fetch(`${base}/health`).then((r) => r.ok, () => false)); i++) {
    if (i > 240) throw new Error('wrangler dev stopped answering after the copy')
    await new Promise((r) => setTimeout(r, 250))
  }
  const total = JSON.parse(wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persist, '--json', '--command', "SELECT count(*) AS n FROM leads WHERE site_id = 'site_demo'"]))[0].results[0].n
  const signIn = await fetch(`${base}/app/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base }, body: `key=${DEMO_API_KEY}` })
  const cookie = /lb_session=[^;]+/.exec(signIn.headers.get('set-cookie') ?? '')?.[0]
  if (!cookie) throw new Error('sign-in failed')
  const get = (path) => fetch(base + path, { headers: { Cookie: cookie } })
  process.stderr.write('signed in\n')
  const listHtml = await (await get('/app/leads')).text()
  const leadId = /data-id="([^"]+)"/.exec(listHtml)[1]
  const assets = [...listHtml.matchAll(/(?:href|src)="(\/app\/assets\/[^"]+)"/g)].map((m) => m[1])
  const assetBytes = (await Promise.all(assets.map(async (a) => br(Buffer.from(await (await get(a)).arrayBuffer()))))).reduce((a, b) => a + b, 0)
  const page = async (path) => {
    const ms = []
    let bytes = 0
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now()
      const res = await get(path)
      const body = Buffer.from(await res.arrayBuffer())
      ms.push(performance.now() - t)
      if (res.status !== 200) throw new Error(`${path} → ${res.status}`)
      bytes = br(body)
    }
    return { medianMs: Math.round(pct(ms, 0.5)), p95Ms: Math.round(pct(ms, 0.95)), htmlBrotliBytes: bytes, pageBrotliBytes: bytes + assetBytes }
  }
  const result = { leads: total, hotLeads: await page('/app/leads'), leadPage: await page(`/app/leads/${leadId}`), scoring: await page('/app/scoring'), accounts: await page('/app/accounts') }
  console.log(JSON.stringify(result))
} finally {
  stop()
  setTimeout(() => rmSync(persist, { recursive: true, force: true }), 1000)
}
