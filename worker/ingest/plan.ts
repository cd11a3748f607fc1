import type { AlertStage } from '../../schema/lead-values'
import { NEW_LEAD } from '../../schema/tables'
import { accountDomain, type DecayState, decideStage, type Model, type Profile, type ScoreResult, scoreHistory, storedScores } from '../scoring'
import type { ScoringEvent } from '../scoring/types'
import type { EventRow, LeadRow, SiteRow } from '../db/client'
import { toEventRow, toScoringEvent } from '../db/event-rows'
import type { Identity, IncomingEvent } from './normalise'
import type { Snapshot } from './read'

/** A stage change decided by this request; written with a unique row, so it happens once. */
export interface PlannedTransition {
  id: string
  from: string
  to: AlertStage
  epoch: number
  reason: string
  reengaged: boolean
  at: number
}

/** Everything one ingest request will write, decided without I/O. */
export interface WritePlan {
  now: number
  siteId: string
  site: SiteRow
  /** every event the score was computed from (stored and new) */
  history: ScoringEvent[]
  visitor: { id: string; vid: string; country: string | null; isNew: boolean; version: number | null; leadId: string | null; score: number; state: DecayState | null }
  lead: null | {
    row: LeadRow
    isNew: boolean
    /** the version read; the write checks it is still current */
    version: number | null
  }
  events: (typeof import('../../schema/tables').events.$inferInsert)[]
  /** the visitor's anonymous events now belong to the lead */
  linkAnonymous: boolean
  transitions: PlannedTransition[]
  result: ScoreResult
  accepted: number
}

export interface PlanInput {
  snap: Snapshot & { site: SiteRow }
  model: Model
  vid: string
  incoming: IncomingEvent[]
  identity: Identity
  country: string | null
  now: number
  newId: (prefix: string) => string
}

/**
 * Decides what one batch changes: which events are new, which visitor and lead they land on, the
 * lead's new scores, and the stage transitions. Pure: ids come from `newId`, time from `now`.
 * @example
 * const plan = planIngest({ snap, model, vid, incoming, identity, country: 'DE', now, newId })
 */
export function planIngest(input: PlanInput): WritePlan {
  const { snap, model, incoming, identity, now } = input
  const site = snap.site
  const visitorId = snap.visitor?.id ?? input.newId('vi')

  // A re-sent batch: drop events this visitor already delivered.
  const known = new Set(snap.history.filter((e) => e.visitorId === visitorId).map((e) => e.eid))
  const fresh = incoming.filter((e) => !known.has(e.eid))

  const subject = chooseSubject(input)
  const leadId = subject.lead?.id ?? null
  const history = subjectHistory(snap.history, leadId, visitorId, snap.visitorLead?.id ?? null)
  const all: ScoringEvent[] = [...history, ...fresh.map((e) => ({ ...e, id: `${visitorId}:${e.eid}` }))]
  const profile: Profile = { ...(subject.lead?.profile ?? {}), ...identity.profile, ...(subject.lead ? { email: subject.lead.email } : {}) }
  const result = scoreHistory({ events: all, profile, model, now })
  const next = subject.lead ? nextLead(input, subject.lead, subject.isNew, profile, result, fresh) : null

  return {
    now,
    siteId: site.id,
    site,
    history: all,
    visitor: visitorUpdate(input, visitorId, leadId, result),
    lead: next ? { row: next.row, isNew: subject.isNew, version: subject.isNew ? null : subject.lead!.version } : null,
    events: fresh.map((e) => toEventRow(e, { siteId: site.id, visitorId, leadId, receivedAt: now, imported: false })),
    linkAnonymous: leadId !== null && snap.visitor?.leadId !== leadId,
    transitions: next?.transitions ?? [],
    result,
    accepted: fresh.length,
  }
}

/**
 * Who the batch scores: the identified email's lead (a new one when the email is new), else the
 * visitor's lead, else nobody (the visitor alone).
 * @example
 * const { lead, isNew } = chooseSubject(input)
 */
export function chooseSubject(input: PlanInput): { lead: LeadRow | undefined; isNew: boolean } {
  const { snap, identity } = input
  if (!identity.email) return { lead: snap.visitorLead, isNew: false }
  if (snap.emailLead) return { lead: snap.emailLead, isNew: false }
  const now = input.now
  const lead: LeadRow = {
    ...NEW_LEAD,
    id: input.newId('ld'),
    siteId: snap.site.id,
    email: identity.email,
    accountDomain: accountDomain(identity.email, input.model),
    scoredAt: now,
    modelVersion: snap.site.modelVersion,
    firstSeenAt: snap.visitor?.firstSeenAt ?? now,
    lastSeenAt: now,
    createdAt: now,
  }
  return { lead, isNew: true }
}

/**
 * The lead row after this batch (scores, stage, profile) and the transitions its stage decision records.
 * @example
 * const { row, transitions } = nextLead(input, lead, false, profile, result, fresh)
 */
export function nextLead(
  input: PlanInput,
  lead: LeadRow,
  isNew: boolean,
  profile: Profile,
  result: ScoreResult,
  fresh: readonly IncomingEvent[],
): { row: LeadRow; transitions: PlannedTransition[] } {
  const { snap, model, now } = input
  const seenAt = fresh.reduce((m, e) => Math.max(m, e.at), 0)
  const before = lead.scoreState ? storedScores(lead, model, now).score : undefined
  const decided = decideStage(
    // the score just before this batch, so a re-engagement needs a real crossing of the line
    {
      stage: lead.stage,
      mqlAt: lead.mqlAt,
      sqlAt: lead.sqlAt,
      lastSeenAt: isNew ? null : lead.lastSeenAt,
      scoreBefore: before,
      recycledAt: lead.recycledAt,
    },
    result,
    model,
    now,
    { cooldownDays: snap.site.alertCooldownDays },
  )
  const transitions = decided.transitions.map((t) => ({
    id: input.newId('tr'),
    from: lead.stage,
    to: t.to,
    // Re-engagements, and every transition after a recycle, need a fresh slot in the unique
    // (lead, stage, epoch) index; the version read is unique per write, so it serves.
    epoch: t.reengaged || lead.recycledAt !== null ? lead.version + 1 : 0,
    reason: t.reason,
    reengaged: t.reengaged,
    at: t.at,
  }))
  const row: LeadRow = {
    ...lead,
    profile: clean(profile),
    name: profile.name ?? lead.name,
    company: profile.company ?? lead.company,
    title: profile.title ?? lead.title,
    stage: decided.stage,
    mqlAt: decided.mqlAt,
    sqlAt: decided.sqlAt,
    score: result.score,
    engagementScore: result.engagementScore,
    fitScore: result.fitScore,
    grade: result.grade,
    scoreState: result.state,
    breakdown: result.breakdown,
    scoredAt: now,
    modelVersion: snap.site.modelVersion,
    lastSeenAt: Math.max(lead.lastSeenAt, seenAt || now),
    firstSeenAt: Math.min(lead.firstSeenAt, snap.visitor?.firstSeenAt ?? now),
  }
  return { row, transitions }
}

/**
 * The visitor row's new values. An identified visitor keeps its own anonymous score (the lead carries
 * the points); an anonymous one takes this batch's.
 * @example
 * const visitor = visitorUpdate(input, visitorId, leadId, result)
 */
export function visitorUpdate(input: PlanInput, visitorId: string, leadId: string | null, result: ScoreResult): WritePlan['visitor'] {
  const v = input.snap.visitor
  const scored = leadId !== null
  return {
    id: visitorId,
    vid: input.vid,
    country: input.country ?? v?.country ?? null,
    isNew: !v,
    version: v?.version ?? null,
    leadId: leadId ?? v?.leadId ?? null,
    score: scored ? (v?.score ?? 0) : result.score,
    state: scored ? (v?.scoreState ?? null) : result.state,
  }
}

/** The stored events that count for the subject: the lead's (from every device), or the visitor's own. */
function subjectHistory(rows: EventRow[], leadId: string | null, visitorId: string, visitorLeadId: string | null): ScoringEvent[] {
  return rows
    .filter((r) =>
      leadId
        ? r.leadId === leadId || (r.visitorId === visitorId && r.leadId === null)
        : r.visitorId === visitorId && (r.leadId === null || r.leadId === visitorLeadId),
    )
    .map(toScoringEvent)
}

function clean(p: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(p)) if (v !== undefined && k !== 'email') out[k] = v
  return out
}
