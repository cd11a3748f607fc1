/**
 * Who an identify speaks for: the lead a batch lands on, and whether its profile fields may replace the
 * lead's. The rules (verified or not, requireVerifiedIdentity) are docs/snippet.md's "Identity".
 */
import { NEW_LEAD } from '../../schema/tables'
import type { LeadRow, SiteRow } from '../db/client'
import { accountDomain, type Model } from '../scoring'
import type { Identity } from './normalise'
import type { Snapshot } from './read'

/** What deciding the claim needs of a plan's input. */
export interface ClaimInput {
  snap: Snapshot & { site: SiteRow }
  model: Model
  identity: Identity
  now: number
  newId: (prefix: string) => string
}

/**
 * Who the batch scores: the identified email's lead (a new one when the email is new), else the
 * visitor's lead, else nobody (the visitor alone).
 * @example
 * const { lead, isNew } = chooseSubject(input)
 */
export function chooseSubject(input: ClaimInput): { lead: LeadRow | undefined; isNew: boolean; separated?: boolean } {
  const { snap, identity } = input
  if (!identity.email) return { lead: snap.visitorLead, isNew: false }
  if (snap.emailLead) {
    const joining = snap.visitor?.leadId !== snap.emailLead.id
    if (joining && !identity.verified && snap.site.requireVerifiedIdentity) return { lead: snap.visitorLead, isNew: false, separated: true }
    return { lead: snap.emailLead, isNew: false }
  }
  const now = input.now
  const lead: LeadRow = {
    ...NEW_LEAD,
    id: input.newId('ld'),
    siteId: snap.site.id,
    email: identity.email,
    accountDomain: accountDomain(identity.email, input.model),
    scoringState: null,
    scoredAt: now,
    modelVersion: snap.site.modelVersion,
    firstSeenAt: snap.visitor?.firstSeenAt ?? now,
    lastSeenAt: now,
    createdAt: now,
    identityVerified: identity.verified === true,
  }
  return { lead, isNew: true }
}

/**
 * Whether this batch's profile fields may replace the lead's (else they only fill blanks): a verified
 * claim, a lead this batch creates, or the visitor already linked to the lead, unless the lead was
 * verified and that visitor's link was not. A browser joining an existing lead on an unverified claim
 * cannot rewrite who the lead is.
 * @example
 * mayOverwrite(input, snap.emailLead, false) // false for a forged identify from a new browser
 */
export function mayOverwrite(input: ClaimInput, lead: LeadRow, isNew: boolean): boolean {
  const { snap, identity } = input
  if (isNew || (identity.email === lead.email && identity.verified)) return true
  const v = snap.visitor
  return v?.leadId === lead.id && (v.identityVerified || !lead.identityVerified)
}
