/**
 * A lead's alert history for `GET /api/v1/leads/{id}` (`LeadDetail.alerts`): per channel, what
 * happened, when, and why not when it did not go through.
 */
import { database } from '../db/client'
import { type LeadAlertView, leadAlertsQuery, toLeadAlertViews } from '../db/lead-alerts'
import type { AlertsEnv } from './channels'

/**
 * A lead's alerts, newest first.
 * @example
 * const detail = { ...lead, alerts: await listLeadAlerts(env, lead.id) }
 */
export async function listLeadAlerts(env: Pick<AlertsEnv, 'DB'>, leadId: string): Promise<LeadAlertView[]> {
  return toLeadAlertViews(await leadAlertsQuery(database(env.DB), leadId))
}

export { type LeadAlertView, leadAlertsQuery, toLeadAlertViews }
