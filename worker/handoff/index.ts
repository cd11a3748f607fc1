/**
 * The sales handoff: answering an alert where it is read (Slack buttons, email one-click links) and the
 * SLA reminder for SQL leads nobody answered.
 * @example
 * app.route('/', slackRoutes)
 */
export { slackRoutes } from './slack-route'
export { signSlackBody, verifySlackSignature } from './slack-signature'
export { remindOverdueSqls } from './sla'
export { emailRoutes } from './email-route'
export { LINK_TTL_MS, readHandoffToken, signHandoffToken } from './email-token'
