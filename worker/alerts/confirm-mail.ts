/**
 * The mail that asks the owner of a new alert address to confirm it. Until they do, the address gets
 * no alert (channels.ts refuses it as pending), so `alerts.email` cannot make the Worker mail a stranger
 * anything but this short, fixed message — at most CONFIRM_MAILS_PER_DAY of them per site, each
 * recorded in the audit log (which is also what the limit counts).
 */
import { and, count, eq, gt } from 'drizzle-orm'
import { auditLog, type SiteAlerts } from '../../schema/tables'
import { type Actor, auditEntry } from '../db/audit'
import type { Db } from '../db/client'
import { CONFIRM_DAYS, emailConfirmToken, emailConfirmUrl } from '../http/email-confirm-link'
import { DAY_MS } from '../scoring/time'
import type { AlertsEnv } from './channels'
import { oneLine, truncate } from './format'
import { buildMimeMessage, isMailAddress } from './mime'
import { fromAddress, sendRawEmail } from './send-email'

export const CONFIRM_MAILS_PER_DAY = 5
/** 41 characters: within the 44 every alert subject keeps to */
export const CONFIRM_SUBJECT = 'Confirm Leadbeacon alerts to this address'

/** The site fields the confirmation depends on. */
export interface ConfirmSite {
  id: string
  name: string
  alerts: SiteAlerts
  alertEmailConfirmed: string | null
}

export type ConfirmMailResult = { status: 'sent' | 'not-needed' | 'limited' | 'failed'; error?: string }

/**
 * Whether the site's alert address is waiting for its owner's confirmation.
 * @example
 * needsConfirmation({ alerts: { email: 'new@acme.com' }, alertEmailConfirmed: 'old@acme.com' }) // → true
 */
export function needsConfirmation(site: Pick<ConfirmSite, 'alerts' | 'alertEmailConfirmed'>): boolean {
  const to = (site.alerts?.email ?? '').trim()
  return to !== '' && site.alertEmailConfirmed !== to
}

/**
 * Text and HTML of the confirmation mail. Pure.
 * @example
 * confirmationBody('Acme', 'https://lb.example.com/app/confirm-email?t=…').text
 */
export function confirmationBody(siteName: string, url: string): { text: string; html: string } {
  const name = truncate(oneLine(siteName), 100)
  const text = [
    `Someone set this address to receive lead alerts from the site "${name}" on Leadbeacon.`,
    '',
    `To receive them, open this link and press the button (valid ${CONFIRM_DAYS} days):`,
    url,
    '',
    'If you did not expect this, ignore this mail: nothing will be sent to you.',
  ].join('\n')
  const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
  const html = `<p>Someone set this address to receive lead alerts from the site "${esc(name)}" on Leadbeacon.</p>
<p><a href="${esc(url)}">Confirm this address</a> (valid ${CONFIRM_DAYS} days).</p>
<p>If you did not expect this, ignore this mail: nothing will be sent to you.</p>`
  return { text, html }
}

/**
 * Mails the confirmation link to the site's pending alert address (when there is one), within the
 * daily limit, and records the attempt in the audit log. Never throws.
 * @example
 * const r = await sendConfirmationMail(env, db, row, origin, actorOf(c), Date.now())
 */
export async function sendConfirmationMail(
  env: Pick<AlertsEnv, 'EMAIL' | 'EMAIL_FROM'> & { ADMIN_TOKEN: string },
  db: Db,
  site: ConfirmSite,
  origin: string,
  who: Actor,
  now: number,
): Promise<ConfirmMailResult> {
  if (!needsConfirmation(site)) return { status: 'not-needed' }
  const to = (site.alerts.email ?? '').trim()
  try {
    const [{ n }] = await db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.siteId, site.id), eq(auditLog.action, 'site.email-confirmation-sent'), gt(auditLog.at, now - DAY_MS)))
    if (n >= CONFIRM_MAILS_PER_DAY) return { status: 'limited', error: `at most ${CONFIRM_MAILS_PER_DAY} confirmation mails a day per site` }
    const r = await deliverConfirmation(env, site, to, origin, now)
    await auditEntry(db, { siteId: site.id, who, action: 'site.email-confirmation-sent', summary: { email: to, status: r.status, ...(r.error ? { error: r.error } : {}) }, at: now })
    return r
  } catch (err) {
    console.error('confirmation mail not sent', err)
    return { status: 'failed', error: 'internal error' }
  }
}

async function deliverConfirmation(env: Pick<AlertsEnv, 'EMAIL' | 'EMAIL_FROM'> & { ADMIN_TOKEN: string }, site: ConfirmSite, to: string, origin: string, now: number): Promise<ConfirmMailResult> {
  if (!env.EMAIL) return { status: 'failed', error: 'no send_email binding named EMAIL' }
  const from = fromAddress(env.EMAIL_FROM)
  if (!isMailAddress(from) || !isMailAddress(to)) return { status: 'failed', error: 'not a plain email address' }
  const url = emailConfirmUrl(origin, await emailConfirmToken(env.ADMIN_TOKEN, site.id, to, now))
  const { text, html } = confirmationBody(site.name, url)
  const raw = buildMimeMessage({
    from,
    fromName: 'Leadbeacon',
    to,
    subject: CONFIRM_SUBJECT,
    text,
    html,
    messageId: `confirm.${site.id}.${now}`,
    date: now,
    headers: { 'Auto-Submitted': 'auto-generated' },
  })
  const r = await sendRawEmail(env.EMAIL, from, to, raw)
  return r.outcome === 'sent' ? { status: 'sent' } : { status: 'failed', error: r.error ?? 'not sent' }
}
