/**
 * The alert's "Open lead" link: an absolute URL under /app/ carrying a token signed for one lead of one
 * site, valid 14 days from the alert. It opens that lead's page read-only and grants nothing else: the
 * app checks it only on that page's route, and the API never reads it.
 */
import { signToken, verifyToken } from './signed-token'

export const LEAD_LINK_DAYS = 14
const PURPOSE = 'leadbeacon/lead-link/v1'

/** What a valid link names. */
export interface LeadLink {
  siteId: string
  leadId: string
  exp: number
}

/**
 * A token for lead `leadId` of site `siteId`, valid LEAD_LINK_DAYS from `at` (the alert's time).
 * @example
 * await leadLinkToken(env.ADMIN_TOKEN, 'site_1', 'ld_1', t.at)
 */
export function leadLinkToken(secret: string, siteId: string, leadId: string, at: number): Promise<string> {
  return signToken(secret, PURPOSE, { s: siteId, l: leadId, exp: at + LEAD_LINK_DAYS * 86_400_000 })
}

/**
 * The lead a token opens, or null (tampered, expired, or signed with another secret or purpose).
 * @example
 * const link = await verifyLeadLink(env.ADMIN_TOKEN, c.req.query('t'), Date.now())
 */
export async function verifyLeadLink(secret: string, token: string | undefined | null, now: number): Promise<LeadLink | null> {
  const p = await verifyToken(secret, PURPOSE, token, now)
  if (!p || typeof p.s !== 'string' || typeof p.l !== 'string') return null
  return { siteId: p.s, leadId: p.l, exp: p.exp as number }
}
