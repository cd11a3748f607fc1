/**
 * The alerts module's public surface: what ingest, cron and the API need.
 * @example
 * import { alertRowsFor, buildAlertContext, retryDueAlerts, sendAlerts } from '../alerts'
 */
export { type AlertSite, type AlertsEnv, channelTarget, EMAIL_BINDING_MISSING, EMAIL_PENDING, emailConfirmed, healthAfterAlertsChange } from './channels'
export { type AlertContext, type AlertContextInput, buildAlertContext, leadUrlFor } from './context'
export { type LeadAlertView, leadAlertsQuery, listLeadAlerts, toLeadAlertViews } from './history'
export { alertId, alertRowsFor, type NewAlertRow, retryDueAlerts, type SendSummary, sendAlerts } from './outbox'
export { MAX_ATTEMPTS } from './policy'
export { alertUrlProblem } from './url-policy'
export { signWebhook, verifyWebhookSignature } from './webhook'
export { buildSlackMessage, type SlackMessage } from './slack'
export { decodeHandoffRef, encodeHandoffRef, HANDOFF_ACTIONS, type HandoffRef } from './slack-handoff'
export { deliver } from './deliver'
export { escapeMrkdwn, oneLine } from './format'
export { CONFIRM_MAILS_PER_DAY, type ConfirmMailResult, needsConfirmation, sendConfirmationMail } from './confirm-mail'
