/**
 * End-to-end evaluation of the default model on live data:
 *   npm run eval:live -- --csv FILE     (a lead file with X Education's column names; see docs/scoring-quality.md)
 * Replays the file's 30 % hold-out (the same seeded split as `npm run eval:scoring`) as browser journeys
 * (worker/calibration/journey.ts: visits of page views with engaged time, downloads, the form or identify
 * call that made the lead, the first touch from "Lead Source" as UTM parameters) through POST /e of real
 * local Workers this script starts (the `wrangler deploy` build in workerd, two instances unless
 * EVAL_LIVE_WORKERS says otherwise, each with a fresh D1 and the demo site; see
 * scripts/lib/worker-direct.mjs), reads every lead's score back through
 * GET /api/v1/leads, and measures ROC AUC ("live"). Beside it, the same journeys are scored by the engine
 * directly ("engine"): both see the same inputs, so any gap is a bug in one path. Last stdout line:
 *   {"n":…,"live":{"auc":…},"engine":{"auc":…}}
 */
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { loadavg } from 'node:os'
import { parseCsvRecords } from '../worker/calibration/csv'
import { type Journey, rowToJourney, toWire } from '../worker/calibration/journey'
import { rocAuc } from '../worker/calibration/metrics'
import { splitIndices } from '../worker/calibration/random'
import { DEFAULT_MODEL } from '../worker/scoring/default-model'
import { scoreHistory } from '../worker/scoring/engine'
import { leadFileArg, SPLIT } from './lib/lead-file'
import { DEMO_API_KEY, DEMO_SITE_KEY, demoSeedSql } from './lib.mjs'
import { startDirectWorkers } from './lib/worker-direct.mjs'

const { seed: SEED, holdout: HOLDOUT } = SPLIT
/** Requests in flight at once: enough to keep workerd busy on two cores without starving it. */
const CONCURRENCY = 8
const BATCH = 50
/** Workers the journeys are dealt to: workerd runs a Worker on one thread, so two can use both cores. */
const INSTANCES = Math.max(1, Number(process.env.EVAL_LIVE_WORKERS ?? 2))
// The Worker answers a bot's user agent with 204 and stores nothing; the journeys are a browser's.
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'

const csvPath = leadFileArg('eval:live', 'usage: npm run eval:live -- --csv FILE')

/**
 * A distinct client address per synthetic visitor, so per-address ingest limits never throttle the
 * replay: 198.18.0.0/15, the range reserved for benchmarks (RFC 2544), 131,072 addresses.
 */
const addressOf = (n: number) => `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`

/**
 * One POST /e over a kept-alive connection: node:http costs the replay less CPU than fetch (no web
 * streams), and the Worker and this script share the machine.
 */
function send(url: string, body: string, ip: string): Promise<{ status: number; retryAfter: number; text: string }> {
  return new Promise((ok, fail) => {
    const headers = { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body), Origin: 'http://localhost', 'User-Agent': USER_AGENT, 'CF-Connecting-IP': ip }
    const req = request(`${url}/e`, { method: 'POST', agent, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => {
        text += d
      })
      res.on('end', () => ok({ status: res.statusCode ?? 0, retryAfter: Number(res.headers['retry-after'] ?? 1), text }))
      res.on('error', fail)
    })
    req.on('error', fail)
    req.end(body)
  })
}
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })

async function post(url: string, body: string, ip: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    let res: Awaited<ReturnType<typeof send>>
    try {
      res = await send(url, body, ip)
    } catch (err) {
      // a kept-alive connection the server closed as we reused it: re-send, as the snippet would (the
      // event ids make a re-sent batch count once)
      if (attempt >= 5) throw err
      resent++
      continue
    }
    if (res.status === 202) return
    // 429 and 503 are the Worker asking to come back later (the snippet re-sends too); anything else is a bug
    if ((res.status === 429 || res.status === 503) && attempt < 20) {
      if (res.status === 429) throttled++
      await new Promise((r) => setTimeout(r, 1000 * res.retryAfter))
      continue
    }
    throw new Error(`POST /e answered ${res.status}: ${res.text.slice(0, 500)}`)
  }
}
/** CPU seconds of this process and of the children it has waited for (Linux; else this process only). */
function cpuSeconds(): number {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100
  } catch {
    const u = process.cpuUsage()
    return (u.user + u.system) / 1e6
  }
}

/** CPU seconds of the workerd processes this one started (Linux; 0 elsewhere): they are exited and counted by `cpuSeconds` only after the stop. */
function workerdSeconds(): number {
  try {
    let sum = 0
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue
      let stat: string
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      } catch {
        continue
      }
      const f = stat.split(') ')[1]?.split(' ')
      if (f && Number(f[1]) === process.pid && stat.includes('(workerd)')) sum += (Number(f[11]) + Number(f[12])) / 100
    }
    return sum
  } catch {
    return 0
  }
}
const selfSeconds = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

let resent = 0
let throttled = 0

async function replay(urls: string[], journeys: Journey[]): Promise<void> {
  let next = 0
  const lane = async () => {
    while (next < journeys.length) {
      const k = next++
      if (k % 250 === 0) process.stderr.write(`eval:live: ${k}/${journeys.length} journeys sent\n`)
      const wire = journeys[k].events.map(toWire)
      const v = `eval-${k}-${randomBytes(4).toString('hex')}`
      for (let i = 0; i < wire.length; i += BATCH) {
        await post(urls[k % urls.length], JSON.stringify({ s: DEMO_SITE_KEY, v, e: wire.slice(i, i + BATCH) }), addressOf(k))
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, lane))
}

async function readScores(url: string): Promise<Map<string, number>> {
  const scores = new Map<string, number>()
  let cursor: string | null = null
  do {
    const q = new URLSearchParams({ limit: '200', ...(cursor ? { cursor } : {}) })
    const res = await fetch(`${url}/api/v1/leads?${q}`, { headers: { Authorization: `Bearer ${DEMO_API_KEY}` } })
    if (!res.ok) throw new Error(`GET /api/v1/leads answered ${res.status}: ${await res.text()}`)
    const page = (await res.json()) as { data: { email: string; score: number }[]; nextCursor: string | null }
    for (const l of page.data) scores.set(l.email, l.score)
    cursor = page.nextCursor
  } while (cursor)
  return scores
}

const started = performance.now()
const cpuAt = () => ({ self: selfSeconds(), workerd: workerdSeconds(), all: cpuSeconds() })
// The Workers build and start (child processes, mostly) while the journeys are made below.
const starting = startDirectWorkers(INSTANCES, { vars: { ADMIN_TOKEN: randomBytes(16).toString('hex'), ENVIRONMENT: 'local' }, seedSql: demoSeedSql(), direct: true })
starting.catch(() => {}) // awaited below; a failure must not end the process before that
const journeysStart = performance.now()
// The journeys end a few hours before "now": real times, so the Worker keeps every event (≤ 30 days old).
const now = Date.now() - 60_000
const records = parseCsvRecords(readFileSync(csvPath, 'utf8'))
const all: Journey[] = []
records.forEach((row, index) => {
  const j = rowToJourney(row, { now, index })
  if (j.outcome) all.push(j)
})
const { test } = splitIndices(all.length, HOLDOUT, SEED)
const holdout = test.map((i) => all[i])
const won = holdout.map((j) => j.outcome === 'won')
const events = holdout.reduce((s, j) => s + j.events.length, 0)
const journeysSeconds = (performance.now() - journeysStart) / 1000

// the deployable build in workerd, throwaway D1s on tmpfs, no `wrangler dev` proxy in front (scripts/lib/worker-direct.mjs)
const workers = await starting
const urls = workers.map((w) => w.url)
let last = ''
try {
  const atStart = cpuAt()
  const sendStart = performance.now()
  await replay(urls, holdout)
  const sendSeconds = (performance.now() - sendStart) / 1000
  const atSent = cpuAt()
  const readAt = Date.now()
  const readStart = performance.now()
  const scores = new Map<string, number>()
  for (const url of urls) for (const [email, score] of await readScores(url)) scores.set(email, score)
  const readSeconds = (performance.now() - readStart) / 1000
  const atRead = cpuAt()
  const engine = holdout.map((j) => scoreHistory({ events: j.events, profile: j.profile, model: DEFAULT_MODEL, now: readAt }).score)
  const missing = holdout.filter((j) => !scores.has(j.email)).length
  const live = holdout.map((j) => scores.get(j.email) ?? Number.NaN)
  const apart = holdout.map((j, i) => ({ email: j.email, live: live[i], engine: engine[i] })).filter((d) => !(Math.abs(d.live - d.engine) <= 1))
  const liveAuc = rocAuc(live.map((s) => (Number.isFinite(s) ? s : -1e9)), won)
  const engineAuc = rocAuc(engine, won)
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4
  const c1 = (x: number) => x.toFixed(1)

  console.log(`file       ${csvPath}`)
  console.log(`hold-out   ${holdout.length} leads (${won.filter(Boolean).length} won), ${events} events; seed ${SEED}, as npm run eval:scoring`)
  console.log(
    `replayed   through POST /e of ${urls.length} Worker${urls.length > 1 ? 's' : ''} (${urls.join(', ')}) in ${sendSeconds.toFixed(1)} s ` +
      `(${CONCURRENCY} in flight; ${throttled} answers 429, ${resent} re-sent after a dropped connection)`,
  )
  console.log(`read back  ${scores.size} leads through GET /api/v1/leads; missing ${missing}`)
  console.log(`scores more than 1 point apart (live vs engine): ${apart.length}`)
  for (const d of apart.slice(0, 5)) console.log(`  ${d.email}  live ${d.live}  engine ${d.engine}`)
  console.log('')
  console.log('hold-out ROC AUC, default model')
  console.log(`  live (Worker, read through the API)   ${liveAuc.toFixed(3)}`)
  console.log(`  engine (same journeys, scored directly) ${engineAuc.toFixed(3)}`)
  const s1 = (a: number, b: number) => ((b - a) / 1000).toFixed(1)
  console.log(
    `run took ${s1(started, performance.now())} s: Worker built, started, D1 migrated and seeded while the journeys were made ` +
      `(${journeysSeconds.toFixed(1)} s of it) ${s1(started, sendStart)} s, replay ${sendSeconds.toFixed(1)} s, read ${readSeconds.toFixed(1)} s`,
  )
  console.log(
    `CPU by phase: start ${c1(atStart.all + atStart.workerd)} s (build ${c1(atStart.all - atStart.self)}, workerd ${c1(atStart.workerd)}), ` +
      `replay ${c1(atSent.self - atStart.self)} s here + ${c1(atSent.workerd - atStart.workerd)} s workerd ` +
      `(${((1000 * (atSent.workerd - atStart.workerd)) / holdout.length).toFixed(1)} ms a batch), ` +
      `read ${c1(atRead.self - atSent.self)} s here + ${c1(atRead.workerd - atSent.workerd)} s workerd`,
  )
  if (missing > 0 || Math.abs(liveAuc - engineAuc) > 0.01) process.exitCode = 1
  last = JSON.stringify({ n: holdout.length, live: { auc: r4(liveAuc) }, engine: { auc: r4(engineAuc) } })
} finally {
  await Promise.all(workers.map((w) => w.stop()))
}
// After the stop, workerd and the build have exited and been waited for, so their CPU is counted.
console.log(`CPU        ${cpuSeconds().toFixed(1)} s in all (this process, workerd, the build); load average ${loadavg()[0].toFixed(1)}`)
console.log(last)
