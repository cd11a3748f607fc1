/**
 * Sends an alert email through the optional `send_email` binding (`EMAIL`) as a raw MIME
 * `EmailMessage`, the form every `[[send_email]]` binding accepts (Email Service and Email Routing
 * alike; locally, wrangler's simulation writes it to a file and logs the path).
 */
import type { AlertContext } from './context'
import { EMAIL_ACTIONS, handoffLinkToken, handoffUrl } from '../http/handoff-link'
import type { DeliveryResult } from './deliver'
import { buildEmail, type EmailActionLinks } from './email'
import { buildMimeMessage, isMailAddress } from './mime'
import { EMAIL_TIMEOUT_MS } from './policy'

/** Sender when EMAIL_FROM is unset; `.invalid` makes the need to configure one obvious. */
export const DEFAULT_EMAIL_FROM = 'alerts@leadbeacon.invalid'

export interface SendEmailInput {
  binding: SendEmail
  /** env.EMAIL_FROM */
  from?: string
  to: string
  ctx: AlertContext
  /** becomes the Message-ID, stable across retries, so a receiving server can drop a duplicate */
  alertId: string
  now: number
  /** when the alert was queued: its one-click links live 14 days from then (default: `ctx.at`) */
  alertAt?: number
  /** env.ADMIN_TOKEN: signs the one-click answers of an SQL alert; without it the mail has none */
  secret?: string
}

/**
 * The signed Accept / Disqualify / Recycle links for an SQL alert mailed to `to`, or undefined (not an
 * SQL alert, no secret, or no absolute lead link to put them next to). Signing is deterministic, so a
 * retry mails the same links. They live 14 days from `alertAt`, the alert's queueing: `ctx.at` is when the
 * lead qualified, which may be earlier (events sent late).
 * @example
 * const actions = await emailActionLinks(env.ADMIN_TOKEN, ctx, 'sales@acme.com')
 */
export async function emailActionLinks(secret: string | undefined, ctx: AlertContext, to: string, alertAt = ctx.at): Promise<EmailActionLinks | undefined> {
  if (!secret || ctx.stage !== 'sql') return undefined
  const urls = await Promise.all(
    EMAIL_ACTIONS.map(async (action) => handoffUrl(ctx.leadUrl, await handoffLinkToken(secret, { siteId: ctx.site.id, leadId: ctx.lead.id, action, to }, alertAt))),
  )
  const [accept, disqualify, recycle] = urls
  return accept && disqualify && recycle ? { accept, disqualify, recycle } : undefined
}

/**
 * The raw message for an alert (exported for tests and previews).
 * @example
 * const raw = alertMime({ from: 'alerts@lb.example', to: 'sales@acme.com', ctx, alertId: 'tr_1.email', now })
 */
export function alertMime(m: { from: string; to: string; ctx: AlertContext; alertId: string; now: number; actions?: EmailActionLinks }): string {
  const mail = buildEmail(m.ctx, m.actions)
  return buildMimeMessage({
    from: m.from,
    fromName: 'Leadbeacon',
    to: m.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: `alert.${m.alertId}`,
    date: m.now,
    // RFC 3834: auto-responders must not answer an automatic message
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Leadbeacon-Alert': m.alertId.replace(/[^\x20-\x7e]/g, '') },
  })
}

/**
 * Sends one alert email. Errors the binding throws for a sender or recipient it will never accept
 * (not allowed, not verified, invalid) are permanent (`failed`); anything else is retried.
 * @example
 * const r = await sendAlertEmail({ binding: env.EMAIL, from: env.EMAIL_FROM, to: 'sales@acme.com', ctx, alertId, now })
 */
export async function sendAlertEmail(input: SendEmailInput): Promise<DeliveryResult> {
  const from = fromAddress(input.from)
  if (!isMailAddress(from)) return { outcome: 'failed', status: null, error: `EMAIL_FROM is not a plain address: ${from.slice(0, 100)}`, retryAfterMs: null }
  let raw: string
  try {
    const actions = await emailActionLinks(input.secret, input.ctx, input.to, input.alertAt)
    raw = alertMime({ from, to: input.to, ctx: input.ctx, alertId: input.alertId, now: input.now, actions })
  } catch (err) {
    return { outcome: 'failed', status: null, error: `could not build the email: ${message(err)}`, retryAfterMs: null }
  }
  return sendRawEmail(input.binding, from, input.to, raw)
}

/**
 * Hands one raw MIME message to the binding, bounded by EMAIL_TIMEOUT_MS (the binding has no timeout
 * of its own, and the outbox lease must outlast every send). Never throws.
 * @example
 * const r = await sendRawEmail(env.EMAIL, from, 'sales@acme.com', raw)
 */
export async function sendRawEmail(binding: SendEmail, from: string, to: string, raw: string): Promise<DeliveryResult> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    // imported here, not at the top: `cloudflare:email` exists only in workerd, and the pure parts of
    // this folder are unit-tested in Node
    const { EmailMessage } = await import('cloudflare:email')
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${EMAIL_TIMEOUT_MS} ms`)), EMAIL_TIMEOUT_MS)
    })
    await Promise.race([binding.send(new EmailMessage(from, to, raw)), timeout])
    return { outcome: 'sent', status: null, error: null, retryAfterMs: null }
  } catch (err) {
    const msg = message(err)
    const permanent = /not allowed|not verified|unverified|invalid|forbidden|not permitted/i.test(msg)
    return { outcome: permanent ? 'failed' : 'retry', status: null, error: `send_email: ${msg}`.slice(0, 300), retryAfterMs: null }
  } finally {
    clearTimeout(timer)
  }
}

/** The sender address: EMAIL_FROM, or the obviously unconfigured default. */
export const fromAddress = (configured: string | undefined): string => (configured ?? '').trim() || DEFAULT_EMAIL_FROM

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
