/**
 * The one-click answers in an SQL alert email (Accept, Disqualify, Recycle): an absolute URL under
 * /app/handoff carrying a token signed for one action on one lead of one site, for the address the
 * mail went to. It lives as long as the alert's lead link (14 days from the alert) and grants nothing
 * but that action: the GET it opens only shows a confirm page, the page's POST makes the change.
 */
import { LEAD_LINK_DAYS } from './lead-link'
import { signToken, verifyToken } from './signed-token'

const PURPOSE = 'leadbeacon/handoff-link/v1'
const DAY_MS = 86_400_000

export const EMAIL_ACTIONS = ['accept', 'disqualify', 'recycle'] as const
export type EmailAction = (typeof EMAIL_ACTIONS)[number]

/** What a valid link names. `at` is the alert's time, `to` the address the alert was mailed to. */
export interface HandoffLink {
  siteId: string
  leadId: string
  action: EmailAction
  to: string
  at: number
  exp: number
}

/**
 * A token for `action` on lead `leadId` of site `siteId`, mailed to `to`, valid as long as the lead link
 * of the alert made at `at`.
 * @example
 * await handoffLinkToken(env.ADMIN_TOKEN, { siteId: 'st_1', leadId: 'ld_1', action: 'accept', to: 'sales@acme.com' }, ctx.at)
 */
export function handoffLinkToken(secret: string, link: Pick<HandoffLink, 'siteId' | 'leadId' | 'action' | 'to'>, at: number): Promise<string> {
  return signToken(secret, PURPOSE, { s: link.siteId, l: link.leadId, a: link.action, to: link.to, exp: at + LEAD_LINK_DAYS * DAY_MS })
}

/**
 * What a token allows, or null (tampered, expired, or signed with another secret or for another purpose).
 * @example
 * const link = await verifyHandoffLink(env.ADMIN_TOKEN, c.req.query('t'), Date.now())
 */
export async function verifyHandoffLink(secret: string, token: string | undefined | null, now: number): Promise<HandoffLink | null> {
  const p = await verifyToken(secret, PURPOSE, token, now)
  if (!p || typeof p.s !== 'string' || typeof p.l !== 'string' || typeof p.to !== 'string') return null
  if (!(EMAIL_ACTIONS as readonly unknown[]).includes(p.a)) return null
  const exp = p.exp as number
  return { siteId: p.s, leadId: p.l, action: p.a as EmailAction, to: p.to, exp, at: exp - LEAD_LINK_DAYS * DAY_MS }
}

/**
 * The link for `token`, on the same origin (and path prefix) as the alert's lead link; null when the lead
 * link is not an absolute URL of the app (nowhere to send the click).
 * @example
 * handoffUrl('https://lb.example.com/app/leads/ld_1?t=x', 'eyJ….sig') // → 'https://lb.example.com/app/handoff?t=eyJ….sig'
 */
export function handoffUrl(leadUrl: string, token: string): string | null {
  const at = leadUrl.lastIndexOf('/app/leads/')
  if (at < 0 || !/^https?:\/\/[^/]/i.test(leadUrl)) return null
  return `${leadUrl.slice(0, at)}/app/handoff?t=${encodeURIComponent(token)}`
}
