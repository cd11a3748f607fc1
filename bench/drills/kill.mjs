// Drill: SIGKILL the Worker's whole process group (wrangler and workerd) under load, restart it on
// the same persisted local D1, then check that every event answered 202 is stored and that every
// hand-raiser answered 202 got exactly one Slack alert (the cron re-sends what the kill interrupted).
import { join } from 'node:path'
import { startWorker } from '../../scripts/lib/worker-proc.mjs'
import { alertingSite, handRaise, messagesFor, queryLocal, sendBatch, sleep } from './common.mjs'

/**
 * Runs the drill on a built Worker (bench/lib/procs.mjs `buildWorker`) with a D1 already prepared in
 * `persistTo`. Returns { lost, duplicates, ackedEvents, ackedAlerts, lostEvents, lostAlerts, pendingAlerts }.
 * @example
 * const k = await killDrill({ config, persistTo, dir, vars, receiver: rx, loadSeconds: 4 })
 */
export async function killDrill({ config, persistTo, dir, vars, receiver, loadSeconds = 4, connections = 8, log = () => {} }) {
  const args = ['--no-bundle', '--test-scheduled']
  let w = await startWorker({ config, persistTo, args, log: join(dir, 'kill-1.log'), vars })
  const siteKey = await alertingSite(w.url, vars.ADMIN_TOKEN, receiver.url, 'Kill drill')
  const acked = [] // [vid, eid] of events answered 202
  const raised = [] // emails of hand-raisers answered 202
  let stop = false
  let n = 0
  const loop = async (c) => {
    while (!stop) {
      const k = n++
      const vid = `kill-${c}-${k}`
      // every 4th request is a hand-raiser; the others plain browsing of 10 events
      const now = Date.now()
      const email = k % 4 === 0 ? `kill${c}x${k}@drillco${k}.io` : null
      const events = email
        ? handRaise(email, now, `k${k}`)
        : Array.from({ length: 10 }, (_, j) => ({ i: `k${k}.${j}`, t: j % 2 ? 'eng' : 'pv', ts: now - 10_000 + j, p: '/features', ...(j % 2 ? { n: 9 } : { ti: 'Features' }) }))
      const r = await sendBatch(w.url, siteKey, vid, events, 5_000)
      if (r.status === 202) {
        for (const e of events) acked.push([vid, e.i])
        if (email) raised.push(email)
      }
    }
  }
  const loops = Array.from({ length: connections }, (_, c) => loop(c))
  await sleep(loadSeconds * 1000)
  log(`  SIGKILL to process group ${w.pid} after ${loadSeconds} s (${acked.length} events acknowledged so far)`)
  process.kill(-w.pid, 'SIGKILL')
  await sleep(200)
  stop = true
  await Promise.all(loops)
  await w.stop() // reaps it (and anything left in its group)

  w = await startWorker({ config, persistTo, args, log: join(dir, 'kill-2.log'), vars })
  // The cron takes over alerts the kill interrupted once their lease lapses; fire it until every
  // acknowledged hand-raiser has its message (or the lease and one retry have surely passed: 30 s of
  // lease, a retry within a minute of a failure, and room for a busy machine's slow cron runs).
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline && raised.some((e) => messagesFor(receiver, e) === 0)) {
    await fetch(`${w.url}/__scheduled?cron=*+*+*+*+*`).then((r) => r.arrayBuffer()).catch(() => {})
    await sleep(2_000)
  }
  await sleep(1_000)
  await w.stop()

  const stored = new Set(
    queryLocal({ config, persistTo }, `SELECT v.vid || ' ' || e.eid AS k FROM events e JOIN visitors v ON v.id = e.visitor_id JOIN sites s ON s.id = e.site_id WHERE s.site_key = '${siteKey}'`).map((r) => r.k),
  )
  const lostEvents = acked.filter(([v, e]) => !stored.has(`${v} ${e}`)).length
  const counts = raised.map((e) => messagesFor(receiver, e))
  const lostAlerts = counts.filter((c) => c === 0).length
  const duplicates = counts.reduce((a, c) => a + Math.max(0, c - 1), 0)
  return { lost: lostEvents + lostAlerts, duplicates, ackedEvents: acked.length, ackedAlerts: raised.length, lostEvents, lostAlerts }
}
