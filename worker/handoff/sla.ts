/**
 * The sales SLA: an SQL lead still `sql` `salesSlaHours` after its alert gets one reminder on the
 * site's channels, naming the lead and how long it has waited. Run by every scheduled run with the
 * run's own time, and sent within that run.
 */
import { type AlertContext, type AlertSite, type AlertsEnv, alertRowsFor, sendAlerts } from '../alerts'
import { alerts } from '../../schema/tables'
import { database } from '../db/client'
import { insertStatement } from '../db/raw'
import { overdueSqls, reminderTransitionId } from '../db/sla'

const HOUR_MS = 3_600_000

/**
 * Queues and sends the reminders due at `now`; returns how many leads were reminded.
 * @example
 * ctx.waitUntil(remindOverdueSqls(env, controller.scheduledTime))
 */
export async function remindOverdueSqls(env: AlertsEnv, now: number): Promise<number> {
  const db = database(env.DB)
  const { due, sites } = await overdueSqls(db, now)
  const ids: string[] = []
  let reminded = 0
  for (const o of due) {
    const site = sites.get(o.siteId)
    const original = o.payload as AlertContext | null
    if (!site || !original || typeof original !== 'object') continue
    const context: AlertContext = { ...original, reminder: { waitedHours: Math.floor((now - o.alertedAt) / HOUR_MS) } }
    const rows = alertRowsFor({
      site: site as AlertSite,
      transition: { id: reminderTransitionId(o.transitionId), to: 'sql', reengaged: false },
      context,
      now,
      env,
    })
    // "do nothing" on conflict: a run racing this one already queued the same reminder
    const written = await env.DB.batch(rows.map((r) => insertStatement(env.DB, alerts, [r], 'do nothing')))
    if (written.some((w) => w.meta.changes > 0)) reminded++
    rows.forEach((r, i) => {
      if (written[i].meta.changes > 0 && r.status === 'pending') ids.push(r.id)
    })
  }
  if (ids.length) await sendAlerts(env, ids, now)
  return reminded
}
