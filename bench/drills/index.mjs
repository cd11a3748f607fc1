// The three reliability drills in a row on one persisted local D1: the kill drill, then bursts and
// steady load on the restarted Worker.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { DEMO_SITE_KEY } from '../../scripts/lib.mjs'
import { startReceiver } from '../../scripts/lib/receiver.mjs'
import { startWorker } from '../../scripts/lib/worker-proc.mjs'
import { freshDb } from '../lib/procs.mjs'
import { burstDrill } from './burst.mjs'
import { alertingSite } from './common.mjs'
import { killDrill } from './kill.mjs'
import { steadyDrill } from './steady.mjs'

/**
 * @example
 * const d = await runDrills({ built, dir, steadySeconds: 60, rate: 20, bursts: 100, killSeconds: 4, log })
 * d.summary // { killLost: 0, killDuplicates: 0, steady5xx: 0, burstAlerts: 100 }
 */
export async function runDrills({ built, dir, steadySeconds = 60, rate = 10, bursts = 100, killSeconds = 4, log = () => {}, template }) {
  const persistTo = join(dir, 'drill-state')
  freshDb(built, persistTo, template)
  // local mode: alerts go to a loopback receiver, which production mode refuses
  const vars = { ADMIN_TOKEN: randomBytes(18).toString('base64url'), ENVIRONMENT: 'local' }
  const rx = await startReceiver()
  try {
    log(`• drill: SIGKILL under load after ${killSeconds} s, restart on the same D1`)
    const kill = await killDrill({ config: built.config, persistTo, dir, vars, receiver: rx, loadSeconds: killSeconds, log })
    log(`  ${kill.ackedEvents} events and ${kill.ackedAlerts} hand-raisers acknowledged; lost ${kill.lostEvents} events, ${kill.lostAlerts} alerts; ${kill.duplicates} duplicate alerts`)
    const w = await startWorker({ config: built.config, persistTo, args: ['--no-bundle'], log: join(dir, 'drills.log'), vars })
    try {
      log(`• drill: ${bursts} hand-raise bursts of 12 tabs`)
      const siteKey = await alertingSite(w.url, vars.ADMIN_TOKEN, rx.url, 'Burst drill')
      const burst = await burstDrill({ base: w.url, siteKey, receiver: rx, bursts })
      log(`  ${burst.alerts} alerts for ${burst.bursts} people (${burst.missing} missing, ${burst.failed} requests never answered 202)`)
      log(`• drill: ${steadySeconds} s at ${rate} requests/s of 10 events`)
      const steady = await steadyDrill({ base: w.url, siteKey: DEMO_SITE_KEY, seconds: steadySeconds, rate })
      log(`  ${steady.requests} requests, ${steady.fiveXx} 5xx, ${steady.errors} errors/timeouts, p50 ${steady.p50Ms} ms, p99 ${steady.p99Ms} ms`)
      return {
        summary: { killLost: kill.lost, killDuplicates: kill.duplicates, steady5xx: steady.fiveXx, steadyP99Ms: steady.p99Ms === null ? null : Math.round(steady.p99Ms), burstAlerts: burst.alerts },
        kill,
        burst,
        steady,
      }
    } finally {
      await w.stop()
    }
  } finally {
    await rx.close()
  }
}
