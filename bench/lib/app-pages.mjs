// The app's pages at 1,000 leads: server time (sequential requests over loopback, so each includes a
// round trip of a few ms) and page weight (bench/lib/page-weight.mjs: brotli bytes of everything the
// page loads from the Worker until the network is idle, in headless Chromium). The Worker gets a D1 of
// its own: the demo site seeded through the real endpoints (scripts/seed-demo.mjs), then its leads
// copied in SQL (same states, scores and reasons; new ids and emails) up to 1,008.
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { DEMO_API_KEY } from '../../scripts/lib.mjs'
import { wrangler } from '../../scripts/lib/worker-proc.mjs'
import { seedDemo } from '../../scripts/seed-demo.mjs'
import { serveBuilt } from './procs.mjs'
import { chromiumPath, pageWeight } from './page-weight.mjs'
import { median, percentile } from './stats.mjs'

const COPIES = 28 // × 36 demo leads = 1,008

/** The pages measured, by name: the path, given the id of the top lead. */
export const APP_PAGES = {
  hotLeads: () => '/app/leads',
  leadPage: (id) => `/app/leads/${id}`,
  scoring: () => '/app/scoring',
  accounts: () => '/app/accounts',
}

const copySql = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${COPIES - 1})
INSERT INTO leads (id, site_id, email, account_domain, name, company, title, profile, stage, outcome, outcome_at, score, engagement_score, fit_score, grade, score_state, breakdown, scored_at, model_version, first_seen_at, last_seen_at, mql_at, sql_at, version, created_at)
SELECT id || '-c' || i, site_id, i || '.' || email, account_domain, name, company, title, profile, stage, outcome, outcome_at, score, engagement_score, fit_score, grade, score_state, breakdown, scored_at, model_version, first_seen_at, last_seen_at - i * 3600000, mql_at, sql_at, version, created_at
FROM leads, n WHERE site_id = 'site_demo' AND id NOT LIKE '%-c%'`

async function healthy(base, what) {
  for (let i = 0; !(await fetch(`${base}/health`).then((r) => r.ok, () => false)); i++) {
    if (i > 240) throw new Error(what)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/**
 * Serves `built` (bench/lib/procs.mjs `buildWorker`) on a fresh D1 under `dir`, fills the demo site to
 * 1,008 leads, and measures `pages` (names of APP_PAGES): median and p95 ms of `runs` sequential GETs
 * each, and each page's weight in Chromium (null, with a note, when there is no Chromium). Stops its
 * Worker before returning.
 * @example
 * const app = await appPages({ built, dir, pages: ['hotLeads', 'leadPage'], runs: 20, log })
 */
export async function appPages({ built, dir, pages = Object.keys(APP_PAGES), runs = 30, log = () => {}, template }) {
  const started = performance.now()
  const w = await serveBuilt(built, dir, { ADMIN_TOKEN: 'bench-app', ENVIRONMENT: 'local' }, { state: 'app-state', log: 'app-dev.log', template })
  try {
    const base = w.url
    const up = performance.now()
    try {
      await seedDemo(base)
    } catch (err) {
      // wrangler dev answers 503 "restarted mid-request" when its workerd restarts (seen on a loaded
      // machine); seeding again stores nothing twice (fixed event ids), so once more is safe
      log(`  seeding interrupted (${err.message.split('\n')[0]}); seeding again`)
      await healthy(base, 'the Worker did not come back')
      await seedDemo(base)
    }
    const seeded = performance.now()
    wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', join(dir, 'app-state'), '-c', built.config, '--command', copySql], { timeoutMs: 300_000 })
    // another process writing the D1 file may make the Worker drop connections: wait until it answers
    await healthy(base, 'the Worker stopped answering after the lead copy')
    const leads = JSON.parse(
      wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', join(dir, 'app-state'), '-c', built.config, '--json', '--command', "SELECT count(*) AS n FROM leads WHERE site_id = 'site_demo'"]),
    )[0].results[0].n
    const signInOnce = () => fetch(`${base}/app/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base }, body: `key=${DEMO_API_KEY}` })
    // the same dropped connection can follow the copy after /health answered once: sign in again
    const signIn = await signInOnce().catch(async (err) => {
      log(`  sign-in interrupted (${err.message}); once more`)
      await healthy(base, 'the Worker stopped answering after the lead copy')
      return signInOnce()
    })
    const session = /lb_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1]
    if (!session) throw new Error(`app sign-in failed: ${signIn.status}`)
    const get = (path) => fetch(base + path, { headers: { Cookie: `lb_session=${session}` } })
    // the top lead that has its events (the copies carry none): its page draws a real chart
    const top = [...(await (await get('/app/leads')).text()).matchAll(/data-id="([^"]+)"/g)].map((m) => m[1]).find((id) => !id.includes('-c'))
    if (!top) throw new Error('hot leads listed no seeded lead')
    const s = (a, b) => Math.round((b - a) / 1000)
    log(`  ${leads} leads: Worker up in ${s(started, up)} s, demo seeded through the API in ${s(up, seeded)} s, copied in ${s(seeded, performance.now())} s`)

    const out = {}
    for (const name of pages) {
      const path = APP_PAGES[name](top)
      const ms = []
      for (let i = 0; i < runs; i++) {
        const t = performance.now()
        const res = await get(path)
        await res.arrayBuffer()
        ms.push(performance.now() - t)
        if (res.status !== 200) throw new Error(`${path} → ${res.status}`)
      }
      out[name] = { path, medianMs: Math.round(median(ms)), p95Ms: Math.round(percentile(ms, 95)), brotliBytes: null, parts: [] }
    }

    const exe = await chromiumPath()
    let note = null
    if (!exe) note = 'no Chromium (set CHROMIUM_PATH): page weight not measured'
    else {
      const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox', '--headless', '--disable-gpu'] })
      try {
        const cookie = { name: 'lb_session', value: session, domain: '127.0.0.1', path: '/app', httpOnly: true, sameSite: 'Lax' }
        for (const name of pages) {
          const w8 = await pageWeight(browser, base + out[name].path, base, [cookie])
          await w8.context.close()
          if (w8.status !== 200) throw new Error(`${out[name].path} in Chromium → ${w8.status}`)
          out[name].brotliBytes = w8.total
          out[name].parts = w8.parts.map((p) => p.replace(base, ''))
        }
      } finally {
        await browser.close()
      }
    }
    return { leads, pages: out, runs, note, seconds: Math.round((performance.now() - started) / 1000) }
  } finally {
    await w.stop()
  }
}
