/**
 * Accounts: leads sharing a non-free email domain (see accountDomain). The account score is the sum of its
 * three best lead scores (negative ones count as 0) — buying groups matter, but a sum over everyone would
 * reward sheer headcount. Engaged people: engagement > 0 and seen within 30 days. Disqualified leads are
 * people of the account but add neither score nor engagement.
 */
import { DAY_MS } from './time'
import type { LeadStage } from './stage'

export { accountDomain } from './free-mail'

/**
 * How many of the best leads make the account score.
 * @example
 * rollUpAccount(leads, now).score // sum of the ACCOUNT_TOP_N best scores
 */
export const ACCOUNT_TOP_N = 3
/**
 * Seen within this many days (and with engagement > 0) counts as an engaged person.
 * @example
 * lead.lastSeenAt >= now - ENGAGED_WITHIN_DAYS * 86_400_000 // one condition of an engaged person
 */
export const ENGAGED_WITHIN_DAYS = 30

/**
 * What the roll-up reads of each lead of the account.
 * @example
 * const a: AccountLead = { score: 80, engagementScore: 50, stage: 'mql', lastSeenAt: now }
 */
export interface AccountLead {
  score: number
  engagementScore: number
  stage: LeadStage
  lastSeenAt: number | null
}

/**
 * Rolls leads up into their account.
 * @example
 * rollUpAccount([{ score: 80, engagementScore: 50, stage: 'mql', lastSeenAt: now }], now)
 * // → { score: 80, engagedPeople: 1, people: 1 }
 */
export function rollUpAccount(leads: readonly AccountLead[], now: number): { score: number; engagedPeople: number; people: number } {
  const top = leads
    .filter((l) => l.stage !== 'disqualified')
    .map((l) => Math.max(0, l.score))
    .sort((a, b) => b - a)
    .slice(0, ACCOUNT_TOP_N)
  const since = now - ENGAGED_WITHIN_DAYS * DAY_MS
  const engagedPeople = leads.filter(
    (l) => l.stage !== 'disqualified' && l.engagementScore > 0 && l.lastSeenAt !== null && l.lastSeenAt >= since && l.lastSeenAt <= now,
  ).length
  return { score: top.reduce((a, b) => a + b, 0), engagedPeople, people: leads.length }
}
