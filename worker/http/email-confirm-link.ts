/**
 * The link that confirms a site's alert email address: a token signed for one address of one site,
 * valid CONFIRM_DAYS. Mail goes to an address only after its owner opened the link and pressed the
 * button (a GET only shows the page, since mail scanners open links on their own).
 */
import { signToken, verifyToken } from './signed-token'

export const CONFIRM_DAYS = 7
const PURPOSE = 'leadbeacon/alert-email/v1'

/** What a valid confirmation token names. */
export interface EmailConfirm {
  siteId: string
  email: string
}

/**
 * A token confirming `email` for site `siteId`, valid CONFIRM_DAYS from `now`.
 * @example
 * await emailConfirmToken(env.ADMIN_TOKEN, 'site_1', 'sales@acme.com', Date.now())
 */
export function emailConfirmToken(secret: string, siteId: string, email: string, now: number): Promise<string> {
  return signToken(secret, PURPOSE, { s: siteId, e: email, exp: now + CONFIRM_DAYS * 86_400_000 })
}

/**
 * The site and address a token confirms, or null (tampered, expired, another secret or purpose).
 * @example
 * const ok = await verifyEmailConfirm(env.ADMIN_TOKEN, form.t, Date.now())
 */
export async function verifyEmailConfirm(secret: string, token: string | undefined | null, now: number): Promise<EmailConfirm | null> {
  const p = await verifyToken(secret, PURPOSE, token, now)
  if (!p || typeof p.s !== 'string' || typeof p.e !== 'string') return null
  return { siteId: p.s, email: p.e }
}

/**
 * The page a confirmation mail links to.
 * @example
 * emailConfirmUrl('https://lb.example.com', token) // 'https://lb.example.com/app/confirm-email?t=…'
 */
export const emailConfirmUrl = (origin: string, token: string): string => `${origin}/app/confirm-email?t=${encodeURIComponent(token)}`
