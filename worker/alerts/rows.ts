/**
 * Which outbox rows a stage transition queues. Pure: the ingest pipeline inserts these in the same D1
 * batch as the transition, so an alert exists exactly when its transition does.
 */
import type { AlertStage } from '../../schema/lead-values'
import type { alerts } from '../../schema/tables'
import { type AlertChannel, type AlertSite, type AlertsEnv, CHANNELS, channelTarget, isConfigured } from './channels'
import type { AlertContext } from './context'

export type NewAlertRow = typeof alerts.$inferInsert

export interface AlertRowsInput {
  site: AlertSite
  transition: { id: string; to: AlertStage; reengaged: boolean }
  /** the lead at the transition (see buildAlertContext); stored as the row's payload */
  context: AlertContext
  now: number
  env: Pick<AlertsEnv, 'ENVIRONMENT' | 'EMAIL'>
}

/**
 * The outbox id of a transition's alert on one channel: derived, not random, so queueing the same
 * transition twice collides on the primary key instead of alerting twice.
 * @example
 * alertId('tr_abc', 'slack') // → 'tr_abc.slack'
 */
export function alertId(transitionId: string, channel: AlertChannel): string {
  return `${transitionId}.${channel}`
}

/**
 * One row per configured, not-broken channel; MQL transitions only when the site opted in
 * (`alertOnMql`); one `log` row when no channel is usable, so the alert is at least in the log and the
 * lead's history. A channel that cannot work as configured (http:// in production, no email binding,
 * no webhook secret) gets a `refused` row carrying the reason, so the API shows why nothing arrived.
 * @example
 * const rows = alertRowsFor({ site, transition: { id: 'tr_1', to: 'sql', reengaged: false }, context, now, env })
 * await db.batch([...writes, ...rows.map((r) => db.insert(alerts).values(r).onConflictDoNothing())])
 */
export function alertRowsFor(input: AlertRowsInput): NewAlertRow[] {
  const { site, transition, context, now, env } = input
  if (transition.to === 'mql' && !site.alertOnMql) return []
  const row = (channel: AlertChannel, refusal: string | null): NewAlertRow => ({
    id: alertId(transition.id, channel),
    siteId: site.id,
    leadId: context.lead.id,
    transitionId: transition.id,
    channel,
    status: refusal ? 'refused' : 'pending',
    attempts: 0,
    nextAttemptAt: now,
    leaseUntil: null,
    lastStatus: null,
    lastError: refusal,
    payload: context,
    createdAt: now,
    sentAt: null,
  })
  const out: NewAlertRow[] = []
  for (const channel of CHANNELS) {
    if (!isConfigured(site.alerts ?? {}, channel)) continue
    if (site.channelHealth?.[channel]?.broken) continue
    const target = channelTarget(site, channel, env)
    out.push(row(channel, target.ok ? null : target.error))
  }
  if (!out.some((r) => r.status === 'pending')) out.push(row('log', null))
  return out
}
