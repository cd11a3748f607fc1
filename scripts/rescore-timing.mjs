#!/usr/bin/env node
// How long a model change takes to rescore N leads under `npm run dev` (default 3,000): seeds N leads
// (every tenth with a pricing view) into the demo site of the local D1, starts `npm run dev` on a free
// port, PUTs a model, and polls GET /api/v1/jobs/{id} until the job is done. Prints one JSON line.
// `node scripts/rescore-timing.mjs [N]`
import { spawn } from 'node:child_process'
import { DEMO_API_KEY, demoSeedSql } from './lib.mjs'
import { freePort, prepareDb, ROOT } from './lib/worker-proc.mjs'

const n = Number(process.argv[2] ?? 3000)
const now = Date.now()
prepareDb({
  seedSql: [
    demoSeedSql(),
    `delete from events where site_id = 'site_demo' and visitor_id like 'vi_timing_%';`,
    `delete from stage_transitions where lead_id like 'timing_%';`,
    `delete from leads where site_id = 'site_demo' and id like 'timing_%';`,
    `with recursive seq(k) as (select 1 union all select k + 1 from seq where k < ${n})
     insert into leads (id, site_id, email, scored_at, first_seen_at, last_seen_at, created_at)
     select 'timing_' || k, 'site_demo', 't' || k || '@timing.test', ${now}, ${now}, ${now}, ${now} from seq;`,
    `insert into events (site_id, visitor_id, lead_id, eid, type, path, at, received_at)
     select 'site_demo', 'vi_' || id, id, 'e1', 'page_view', '/pricing', ${now - 60_000}, ${now} from leads
     where id like 'timing_%' and cast(substr(id, 8) as integer) % 10 = 0;`,
  ].join('\n'),
})

const port = await freePort()
const dev = spawn(process.execPath, ['scripts/dev.mjs', '--port', String(port)], { cwd: ROOT, stdio: 'ignore', detached: true })
const base = `http://127.0.0.1:${port}`
const stop = () => {
  try {
    process.kill(-dev.pid, 'SIGTERM')
  } catch {}
}
process.on('exit', stop)

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
for (let i = 0; ; i++) {
  if (i > 240) throw new Error('npm run dev did not start')
  if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) break
  await sleep(500)
}
const auth = { Authorization: `Bearer ${DEMO_API_KEY}` }
const model = await (await fetch(`${base}/api/v1/scoring`, { headers: auth })).json()
// a different model each run (so it is a real change): the MQL line moves by a point
const next = { ...model.model, thresholds: { ...model.model.thresholds, mql: (model.model.thresholds.mql % 50) + 1 } }
const t0 = Date.now()
const res = await fetch(`${base}/api/v1/scoring`, { method: 'PUT', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(next) })
const answerMs = Date.now() - t0
const body = await res.json()
let job = body.job
while (job.status !== 'done' && job.status !== 'failed' && Date.now() - t0 < 600_000) {
  await sleep(500)
  job = (await (await fetch(`${base}/api/v1/jobs/${job.id}`, { headers: auth })).json()).job
}
console.log(JSON.stringify({ leads: n, status: res.status, answerMs, job: { status: job.status, done: job.done, total: job.total }, seconds: (Date.now() - t0) / 1000 }))
stop()
process.exit(0)
