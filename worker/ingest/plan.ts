import { accountDomain, currentScores, type DecayState, decideStage, type Model, type ScoreResult, scoreHistory } from '../scoring'
import type { ScoringEvent } from '../scoring/types'
import type { EventRow, LeadRow, SiteRow } from '../db/client'
import { toEventRow, toScoringEvent } from '../db/event-rows'
import type { Identity, IncomingEvent } from './normalise'
import type { Snapshot } from './read'

/** A stage change decided by this request; written with a unique row, so it happens once. */
export interface PlannedTransition {
  id: string
  from: string
  to: 'mql' | 'sql'
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
  visitor: { id: string; vid: string; country: string | null; isNew: boolean; version: number | null; leadId: string | null; score: number; state: unknown }
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
  const { snap, model, vid, incoming, identity, now } = input
  const site = snap.site
  const visitorId = snap.visitor?.id ?? input.newId('vi')

  // A re-sent batch: drop events this visitor already delivered.
  const known = new Set(snap.history.filter((e) => e.visitorId === visitorId).map((e) => e.eid))
  const fresh = incoming.filter((e) => !known.has(e.eid))

  // Who are we scoring? The identified email's lead, else the visitor's lead, else the visitor alone.
  let lead: LeadRow | undefined
  let isNewLead = false
  if (identity.email) {
    lead = snap.emailLead
    if (!lead) {
      isNewLead = true
      lead = blankLead(input, identity.email)
    }
  } else lead = snap.visitorLead
  const leadId = lead?.id ?? null

  const history = subjectHistory(snap.history, leadId, visitorId, snap.visitorLead?.id ?? null)
  const all: ScoringEvent[] = [...history, ...fresh.map((e) => ({ ...e, id: `${visitorId}:${e.eid}` }))]
  const seenAt = fresh.reduce((m, e) => Math.max(m, e.at), 0)

  let transitions: PlannedTransition[] = []
  let leadRow: LeadRow | null = null
  const profile: Record<string, string | undefined> = { ...(lead?.profile ?? {}), ...identity.profile, ...(lead ? { email: lead.email } : {}) }
  const result = scoreHistory({ events: all, profile, model, now })

  if (lead) {
    const lastSeenAt = Math.max(lead.lastSeenAt, seenAt || now)
    const decided = decideStage(
      {
        stage: lead.stage,
        mqlAt: lead.mqlAt,
        sqlAt: lead.sqlAt,
        lastSeenAt: isNewLead ? null : lead.lastSeenAt,
        // the score just before this batch, so a re-engagement needs a real crossing of the line
        scoreBefore: lead.scoreState ? currentScores(lead.scoreState as DecayState, model, now).score : undefined,
      },
      result,
      model,
      now,
      { cooldownDays: site.alertCooldownDays },
    )
    // Imported history never alerts; a live batch alone decides transitions.
    transitions = decided.transitions.map((t) => ({
      id: input.newId('tr'),
      from: lead.stage,
      to: t.to,
      // Re-engagements need a fresh slot in the unique (lead, stage, epoch) index; the version read is
      // unique per write, so it serves.
      epoch: t.reengaged ? lead.version + 1 : 0,
      reason: t.reason,
      reengaged: t.reengaged,
      at: t.at,
    }))
    leadRow = {
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
      modelVersion: site.modelVersion,
      lastSeenAt,
      firstSeenAt: Math.min(lead.firstSeenAt, snap.visitor?.firstSeenAt ?? now),
    }
  }

  return {
    now,
    siteId: site.id,
    site,
    history: all,
    visitor: {
      id: visitorId,
      vid,
      country: input.country ?? snap.visitor?.country ?? null,
      isNew: !snap.visitor,
      version: snap.visitor?.version ?? null,
      leadId: leadId ?? snap.visitor?.leadId ?? null,
      score: lead ? (snap.visitor?.score ?? 0) : result.score,
      state: lead ? (snap.visitor?.scoreState ?? null) : result.state,
    },
    lead: leadRow ? { row: leadRow, isNew: isNewLead, version: isNewLead ? null : lead!.version } : null,
    events: fresh.map((e) => toEventRow(e, { siteId: site.id, visitorId, leadId, receivedAt: now, imported: false })),
    linkAnonymous: leadId !== null && snap.visitor?.leadId !== leadId,
    transitions,
    result,
    accepted: fresh.length,
  }

  function blankLead(inp: PlanInput, email: string): LeadRow {
    return {
      id: inp.newId('ld'),
      siteId: site.id,
      email,
      accountDomain: accountDomain(email, model),
      name: null,
      company: null,
      title: null,
      profile: {},
      stage: 'known',
      outcome: null,
      outcomeAt: null,
      score: 0,
      engagementScore: 0,
      fitScore: 0,
      grade: 'D4',
      scoreState: null,
      breakdown: [],
      scoredAt: now,
      modelVersion: site.modelVersion,
      firstSeenAt: snap.visitor?.firstSeenAt ?? now,
      lastSeenAt: now,
      mqlAt: null,
      sqlAt: null,
      version: 0,
      createdAt: now,
    }
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
