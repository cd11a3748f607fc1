// D1 queries per invocation, route by route and for the cron, on a Worker built from the counting
// entry (bench/d1count/index.ts) over a D1 that already holds the bench's traffic and the long-history
// leads. The platform caps queries per invocation (50 on Free, 1,000 on Paid).
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { readFileSync } from 'node:fs'
import { DEMO_API_KEY, DEMO_SITE_KEY } from '../../scripts/lib.mjs'
import { busyMs } from './isolate-cpu.mjs'
import { profileRetrying } from './cpu-profile.mjs'
import { BROWSER_UA } from './load.mjs'
import { clientIp } from './traffic.mjs'

/**
 * Writes a copy of wrangler.toml whose entry is the counting wrapper, for `buildWorker`.
 * @example
 * const built = buildWorker({ config: countingConfig(dir), dir })
 */
export function countingConfig(dir, root = process.cwd()) {
  const src = readFileSync(join(root, 'wrangler.toml'), 'utf8')
  const toml = src
    .replace(/^main\s*=.*$/m, `main = ${JSON.stringify(resolve(root, 'bench/d1count/index.ts'))}`)
    .replace(/^(\s*)migrations_dir\s*=.*$/m, `$1migrations_dir = ${JSON.stringify(resolve(root, 'schema/migrations'))}`)
    .replace(/^(\s*)directory\s*=\s*"([^"]+)"/m, (_, sp, d) => `${sp}directory = ${JSON.stringify(resolve(root, d))}`)
    // [alias] targets are relative to the config's own directory: point them back at the repo
    .replace(/^("[^"\n]+"|[\w@/.-]+)(\s*=\s*)"(\.\.?\/[^"]+)"\s*$/gm, (_, key, eq, target) => `${key}${eq}${JSON.stringify(resolve(root, target))}`)
  const file = join(dir, 'wrangler-d1count.toml')
  writeFileSync(file, toml)
  return file
}

const json = (body) => ({ body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })

/**
 * Calls every route once (reads and writes, the heaviest forms: whole-set CSV export, a model change,
 * calibration, import, erasure of a long-history lead) and the cron, and returns queries per
 * invocation by label, with the maximum.
 * @example
 * const d1 = await routeQueries({ base: w.url, adminToken, longLeadId: 'ld_long_0' }) // { max: 14, byRoute: { 'POST /e': 6, … } }
 */
export async function routeQueries({ base, adminToken, longLeadId, longVid = 'long-0', hugeLeadId, hugeVid, inspector }) {
  // isolate CPU of each call too (one profile per call; waitUntil work that outlives it is missed)
  const cpuMs = {}
  const profiled = async (label, call) => {
    if (!inspector) return call()
    const { profile, value } = await profileRetrying(inspector, call)
    cpuMs[label] = Math.round(busyMs(profile) * 10) / 10
    return value
  }
  const key = { authorization: `Bearer ${DEMO_API_KEY}` }
  const admin = { authorization: `Bearer ${adminToken}` }
  const ingest = (vid, e) => ({
    body: JSON.stringify({ s: DEMO_SITE_KEY, v: vid, e }),
    headers: { 'content-type': 'text/plain', origin: 'http://localhost', 'user-agent': BROWSER_UA, 'cf-connecting-ip': clientIp(vid) },
  })
  const now = Date.now()
  // each call's events later than the previous call's, so a lead's second batch builds on its stored state
  const tenEvents = (tag, at = now - 10_000) => Array.from({ length: 10 }, (_, j) => ({ i: `${tag}${j}`, t: 'pv', ts: at + j, p: '/pricing', ti: 'Pricing' }))
  // a lead seeded without a scoring state: its first batch is scored from its newest stored events, the
  // next one from the state that batch stored
  const longLead = (label, vid, leadId) =>
    vid
      ? [
          [`POST /e (${label}, first batch: from its history)`, 'POST', '/e', ingest(vid, tenEvents(`${vid}a`, now - 9_000))],
          [`POST /e (${label}, next batch: incremental)`, 'POST', '/e', ingest(vid, tenEvents(`${vid}b`, now - 8_000))],
          [`GET /api/v1/leads/{id} (${label})`, 'GET', `/api/v1/leads/${leadId}`, { headers: key }],
        ]
      : []
  const csv = 'Prospect ID,Lead Origin,Converted,TotalVisits,Total Time Spent on Website\nq1,Landing Page Submission,1,3,600\nq2,API,0,1,20\n'
  const steps = [
    ['GET /health', 'GET', '/health'],
    ['GET /s.js', 'GET', '/s.js'],
    ['POST /e (new visitor, 10 events)', 'POST', '/e', ingest('d1q-new', tenEvents('n'))],
    ['POST /e (identify: new lead)', 'POST', '/e', ingest('d1q-new', [{ i: 'id1', t: 'id', ts: now - 1000, d: { email: 'd1q@countco.io' } }])],
    ...longLead('lead with ≥ 5,000 events', longVid, longLeadId),
    ...longLead('lead with 50,000 events', hugeVid, hugeLeadId),
    ['POST /e (hand-raise: SQL + alert)', 'POST', '/e', ingest('d1q-new', [{ i: 'tr1', t: 'tr', ts: now, n: 'demo_requested' }])],
    ['GET /openapi.json', 'GET', '/openapi.json'],
    ['GET /api/v1/site', 'GET', '/api/v1/site', { headers: key }],
    ['PATCH /api/v1/site', 'PATCH', '/api/v1/site', { ...json({ name: 'Demo site' }), headers: { ...key, 'content-type': 'application/json' } }],
    ['GET /api/v1/keys', 'GET', '/api/v1/keys', { headers: key }],
    ['POST /api/v1/keys', 'POST', '/api/v1/keys', { ...json({ name: 'bench', scope: 'read' }), headers: { ...key, 'content-type': 'application/json' } }],
    ['GET /api/v1/leads', 'GET', '/api/v1/leads?limit=100', { headers: key }],
    ['GET /api/v1/leads?sort=score', 'GET', '/api/v1/leads?sort=score', { headers: key }],
    ['GET /api/v1/leads?format=csv (whole set)', 'GET', '/api/v1/leads?format=csv', { headers: key }],
    ['PATCH /api/v1/leads/{id}', 'PATCH', `/api/v1/leads/${longLeadId}`, { ...json({ stage: 'accepted' }), headers: { ...key, 'content-type': 'application/json' } }],
    ['GET /api/v1/accounts', 'GET', '/api/v1/accounts', { headers: key }],
    ['GET /api/v1/accounts/{domain}', 'GET', '/api/v1/accounts/longco0.io', { headers: key }],
    ['GET /api/v1/scoring', 'GET', '/api/v1/scoring', { headers: key }],
    ['POST /api/v1/outcomes', 'POST', '/api/v1/outcomes', { ...json([{ email: 'long2@longco2.io', outcome: 'won' }]), headers: { ...key, 'content-type': 'application/json' } }],
    ['POST /api/v1/import', 'POST', '/api/v1/import', { body: csv, headers: { ...key, 'content-type': 'text/csv' } }],
    ['POST /api/v1/scoring/calibrate', 'POST', '/api/v1/scoring/calibrate', { headers: key }],
    ['PUT /api/v1/scoring (model change: rescore)', 'PUT', '/api/v1/scoring', null],
    ['DELETE /api/v1/leads/{id} (erase ≥ 5,000 events)', 'DELETE', `/api/v1/leads/${longLeadId}`, { headers: key }],
    ['POST /api/v1/sites', 'POST', '/api/v1/sites', { ...json({ name: 'Counted', domains: ['example.com'] }), headers: { ...admin, 'content-type': 'application/json' } }],
  ]
  const statuses = {}
  for (const [label, method, path, opts] of steps) {
    let init = opts
    if (init === null) {
      // a model change: the current model with one weight moved, so every lead must be rescored
      // the bench's own read, left out of the figures below
      const cur = await fetch(base + '/api/v1/scoring', { headers: { ...key, 'x-bench-label': 'bench:' } }).then((r) => r.json())
      const model = bumpWeight(cur.model ?? cur)
      init = { ...json(model), headers: { ...key, 'content-type': 'application/json' } }
    }
    const r = await profiled(label, async () => {
      const res = await fetch(base + path, { method, ...init, headers: { ...(init?.headers ?? {}), 'x-bench-label': encodeURIComponent(label) }, signal: AbortSignal.timeout(120_000) })
      await res.arrayBuffer()
      return res
    })
    statuses[label] = r.status
  }
  // waitUntil work (alert sends) settles after the answers
  await new Promise((r) => setTimeout(r, 1_500))
  const cron = await profiled('cron (scheduled)', () => fetch(`${base}/__bench/cron`, { method: 'POST' }).then((r) => r.json()))
  const records = await fetch(`${base}/__bench/d1`).then((r) => r.json())
  const byRoute = {}
  const rows = {}
  for (const rec of records) {
    if (rec.label.startsWith('bench:')) continue
    byRoute[rec.label] = Math.max(byRoute[rec.label] ?? 0, rec.queries)
    rows[rec.label] = { read: rec.rowsRead, written: rec.rowsWritten, cpuMs: cpuMs[rec.label] ?? null }
  }
  byRoute['cron (scheduled)'] = cron.queries
  rows['cron (scheduled)'] = { read: cron.rowsRead, written: cron.rowsWritten, cpuMs: cpuMs['cron (scheduled)'] ?? null }
  const max = Math.max(...Object.values(byRoute))
  // which of the cron's statements read the rows (the five that read most)
  const cronTopSql = Object.entries(cron.bySql ?? {})
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
  return { max, byRoute, rows, statuses, cronTopSql }
}

// Moves the first numeric weight it finds by a little: a real, valid model change.
function bumpWeight(model) {
  const copy = structuredClone(model)
  const visit = (o) => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'number' && /weight|points|score/i.test(k)) {
        o[k] = v + 1
        return true
      }
      if (v && typeof v === 'object' && visit(v)) return true
    }
    return false
  }
  visit(copy)
  return copy
}
