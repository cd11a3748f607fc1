/**
 * The sales handoff: answering an alert where it is read (Slack buttons, email one-click links) and the
 * SLA reminder for SQL leads nobody answered.
 * @example
 * app.route('/', slackRoutes)
 */
export { slackRoutes } from './slack-route'
export { signSlackBody, verifySlackSignature } from './slack-signature'
export { remindOverdueSqls } from './sla'
export { ACTION_STAGE, type EmailAction, emailActionReason, emailLinkDocs, type LastChange, type OpenedLink, openEmailAction, recordEmailAction } from './email-actions'
export { actorLabel } from './replies'
