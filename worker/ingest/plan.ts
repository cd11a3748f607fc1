import { decideStage, type Model, parseDecayState, type Profile, storedScores } from '../scoring'
import { type IncrementalResult, scoreFresh, scoreIncrement } from '../scoring/incremental'
import { initialState, parseScoringState, type ScoringState } from '../scoring/incremental-state'
import type { ScoringEvent } from '../scoring/types'
import type { EventRow, LeadRow } from '../db/client'
import { toEventRow, toScoringEvent } from '../db/event-rows'
import { earliest, storedTouch, touchFields, visitorTouch } from './first-touch'
import { type EventSpan, eventSpan, type IncomingEvent } from './normalise'
import { allowedEvents, dayCount, windowAfter } from './budget'
import { chooseSubject, mayOverwrite } from './claim'
import type { NeedHistory, PlanInput, PlannedTransition, WritePlan } from './plan-types'

export type { NeedHistory, PlanInput, PlannedTransition, WritePlan } from './plan-types'


/**
 * Decides what one batch changes: which events are new, which visitor and lead they land on, the
 * lead's new scores, and the stage transitions. Pure: ids come from `newId`, time from `now`.
 * @example
 * const plan = planIngest({ snap, model, vid, incoming, identity, country: 'DE', now, newId })
 */
export function planIngest(input: PlanInput): WritePlan | NeedHistory {
  const { snap, model, incoming, identity, now } = input
  const site = snap.site
  const visitorId = snap.visitor?.id ?? input.newId('vi')

  // A re-sent batch: drop events this visitor already delivered.
  const unseen = incoming.filter((e) => !snap.known.has(e.eid))

  const subject = chooseSubject(input)
  const leadId = subject.lead?.id ?? null
  // Over budget: the newest of the batch are dropped (counted, and shown in the answer and site stats).
  // The day's counts live on the rows; an anonymous visitor joining the lead brings its day's events.
  const visitorToday = dayCount(snap.visitor, now)
  const joinsAnonymous = leadId !== null && snap.visitor !== undefined && snap.visitor.leadId === null
  const leadToday = leadId === null ? null : dayCount(subject.lead, now) + (joinsAnonymous ? visitorToday : 0)
  const fresh = unseen.slice(0, allowedEvents({ visitorToday, leadToday }, unseen.length))
  const leadWindow = subject.lead
    ? windowAfter(subject.lead, leadToday ?? 0, fresh.length, now, joinsAnonymous ? [subject.lead, snap.visitor] : [subject.lead])
    : null
  const batchEvents: ScoringEvent[] = fresh.map((e) => ({ ...e, id: `${visitorId}:${e.eid}` }))
  // First touch: the visitor's earliest, and the lead's earliest over all its visitors.
  const vTouch = visitorTouch(snap.visitor, fresh)
  const touch = subject.lead ? earliest(storedTouch(subject.lead), vTouch) : vTouch
  const overwrite = subject.lead ? mayOverwrite(input, subject.lead, subject.isNew) : true
  // A claim kept apart (requireVerifiedIdentity) describes someone else: its fields land nowhere.
  const claimed = subject.separated ? {} : identity.profile
  const base = subject.lead?.profile ?? {}
  const given = overwrite ? { ...base, ...claimed } : { ...claimed, ...base }
  // A known visitor row has sent page views before: with incremental scoring its history is not read.
  const visited =
    snap.visitor != null ||
    subject.lead?.source === 'direct' ||
    batchEvents.some((e) => e.type === 'page_view') ||
    (snap.history ?? []).some((e) => e.type === 'page_view' && !e.imported)
  const touched = touchFields(touch, given, visited)
  const profile: Profile = { ...given, ...touched.profile, ...(subject.lead ? { email: subject.lead.email } : {}) }
  // From the stored scoring state and the batch alone; from the whole history only when that state
  // cannot be used (then the caller reads the history and plans again).
  const step = scoreIncrement(priorState(snap, subject.lead, subject.isNew, model), batchEvents, profile, model, now)
  let scored: { result: IncrementalResult; state: ScoringState }
  let all = batchEvents
  if (step.ok) scored = step
  else if (!snap.history) return { needHistory: step.reason }
  else {
    all = [...subjectHistory(snap.history, leadId, visitorId, snap.visitorLead?.id ?? null), ...batchEvents]
    scored = scoreFresh(all, profile, model, now)
  }
  const result = scored.result
  const scoringState = JSON.stringify(scored.state)
  const next = subject.lead
    ? nextLead(input, { ...subject.lead, ...touched.columns, ...leadWindow }, subject.isNew, profile, result, fresh, scoringState, overwrite)
    : null

  return {
    now,
    siteId: site.id,
    site,
    history: all,
    incremental: step.ok ? true : step.reason,
    visitor: {
      ...visitorUpdate(input, visitorId, leadId, result, scoringState, subject.separated, eventSpan(fresh)),
      touch: vTouch,
      budget: windowAfter(snap.visitor ?? { budgetDayFrom: null, budgetDayEvents: 0 }, visitorToday, fresh.length, now, [snap.visitor]),
    },
    lead: next ? { row: next.row, isNew: subject.isNew, version: subject.isNew ? null : subject.lead!.version } : null,
    events: fresh.map((e) => toEventRow(e, { siteId: site.id, visitorId, leadId, receivedAt: now, imported: false })),
    linkAnonymous: leadId !== null && snap.visitor?.leadId !== leadId,
    transitions: next?.transitions ?? [],
    result,
    accepted: fresh.length,
    overBudget: unseen.length - fresh.length,
  }
}

/**
 * The lead row after this batch (scores, stage, profile) and the transitions its stage decision records.
 * @example
 * const { row, transitions } = nextLead(input, lead, false, profile, result, fresh, scoringState)
 */
export function nextLead(
  input: PlanInput,
  lead: LeadRow,
  isNew: boolean,
  profile: Profile,
  result: IncrementalResult,
  fresh: readonly IncomingEvent[],
  scoringState: string,
  overwrite = true,
): { row: LeadRow; transitions: PlannedTransition[] } {
  const { snap, model, now } = input
  const span = eventSpan(fresh)
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
    { cooldownDays: snap.site.alertCooldownDays, events: span ?? undefined },
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
    name: overwrite ? (profile.name ?? lead.name) : (lead.name ?? profile.name ?? null),
    company: overwrite ? (profile.company ?? lead.company) : (lead.company ?? profile.company ?? null),
    title: overwrite ? (profile.title ?? lead.title) : (lead.title ?? profile.title ?? null),
    identityVerified: lead.identityVerified || (input.identity.email === lead.email && input.identity.verified === true),
    stage: decided.stage,
    mqlAt: decided.mqlAt,
    sqlAt: decided.sqlAt,
    score: result.score,
    engagementScore: result.engagementScore,
    fitScore: result.fitScore,
    grade: result.grade,
    scoreState: result.state,
    scoringState,
    breakdown: result.breakdown,
    scoredAt: now,
    modelVersion: snap.site.modelVersion,
    // the accepted events' times (ingest clamps them to its trusted window), not the request's
    lastSeenAt: span ? (isNew ? span.to : Math.max(lead.lastSeenAt, span.to)) : lead.lastSeenAt,
    firstSeenAt: Math.min(lead.firstSeenAt, snap.visitor?.firstSeenAt ?? now, span?.from ?? now),
  }
  return { row, transitions }
}

/**
 * The visitor row's new values. An identified visitor keeps its own anonymous score (the lead carries
 * the points); an anonymous one takes this batch's.
 * @example
 * const visitor = visitorUpdate(input, visitorId, leadId, result, scoringState)
 */
export function visitorUpdate(
  input: PlanInput,
  visitorId: string,
  leadId: string | null,
  result: IncrementalResult,
  scoringState: string,
  separated = false,
  span: EventSpan | null = null,
): Omit<WritePlan['visitor'], 'touch' | 'budget'> {
  const v = input.snap.visitor
  const scored = leadId !== null
  const { identity } = input
  // a claim for the lead it links to decides the link's standing; a batch without one keeps it
  // (unless kept apart, a batch with an email is scored on that email's lead)
  const claimsLead = !separated && identity.email !== null && leadId !== null
  const verified = identity.verified === true
  const identityVerified = claimsLead ? (v?.leadId === leadId ? v.identityVerified || verified : verified) : (v?.identityVerified ?? false)
  return {
    id: visitorId,
    vid: input.vid,
    country: input.country ?? v?.country ?? null,
    isNew: !v,
    version: v?.version ?? null,
    leadId: leadId ?? v?.leadId ?? null,
    score: scored ? (v?.score ?? 0) : result.score,
    state: scored ? (v?.scoreState ?? null) : result.state,
    scoringState: scored ? (v?.scoringState ?? null) : scoringState,
    identityVerified,
    firstSeenAt: Math.min(v?.firstSeenAt ?? input.now, span?.from ?? input.now),
    lastSeenAt: span ? Math.max(v?.lastSeenAt ?? span.to, span.to) : (v?.lastSeenAt ?? input.now),
  }
}

/**
 * The stored scoring state the batch can be scored on, or null when the subject's history must be read:
 * the lead's (or anonymous visitor's) state, valid only if no other writer rescored it since (its `at`
 * is the stored DecayState's) and if the batch merges no second history into it.
 */
function priorState(snap: PlanInput['snap'], lead: LeadRow | undefined, isNewLead: boolean, model: Model): ScoringState | null {
  const visitor = snap.visitor
  const own = (row: { scoringState: string | null; scoreState: unknown } | undefined) => {
    const s = parseScoringState(row?.scoringState ?? null)
    const d = parseDecayState(row?.scoreState ? JSON.stringify(row.scoreState) : null)
    return s && d && s.at === d.at ? s : null
  }
  if (!lead) return visitor ? own(visitor) : initialState(model)
  // the visitor's anonymous events join the lead's history: one stored history only
  const anonymous = visitor !== undefined && visitor.leadId === null
  if (isNewLead) return anonymous ? own(visitor) : initialState(model)
  return anonymous ? null : own(lead)
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
