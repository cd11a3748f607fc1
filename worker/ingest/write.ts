import { events, leads, stageTransitions, visitors } from '../../schema/tables'
import { EVENTS_PER_INSERT } from '../db/event-rows'
import { guardStatement, noRowYet, versionIs } from '../db/optimistic'
import { insertStatement, updateStatement } from '../db/raw'
import type { WritePlan } from './plan'

/**
 * The guard of an ingest batch: the visitor and the lead it was planned on are unchanged (or, when new,
 * still absent).
 * @example
 * env.DB.batch([guard(env.DB, plan), ...rest])
 */
export function guard(d1: D1Database, plan: WritePlan): D1PreparedStatement {
  const v = plan.visitor
  const conds = [v.isNew ? noRowYet(visitors, 'id = ?', [v.id]) : versionIs(visitors, v.id, v.version)]
  if (plan.lead) {
    const l = plan.lead.row
    conds.push(plan.lead.isNew ? noRowYet(leads, 'site_id = ? and email = ?', [l.siteId, l.email]) : versionIs(leads, l.id, plan.lead.version))
  }
  return guardStatement(d1, conds)
}

/**
 * The one write batch of an ingest request: guard, lead, visitor, events, links, transitions (and the
 * alert rows `extra` adds). All or nothing. Plain prepared statements: no query building on the hot path.
 * @example
 * await env.DB.batch(writeStatements(env.DB, plan, alertInserts))
 */
export function writeStatements(d1: D1Database, plan: WritePlan, extra: D1PreparedStatement[] = []): D1PreparedStatement[] {
  const { now } = plan
  const out = [guard(d1, plan)]
  if (plan.lead) {
    const { row, isNew } = plan.lead
    if (isNew) out.push(insertStatement(d1, leads, [{ ...row, version: 1 }]))
    else {
      const { id, siteId, email, createdAt, version, ...rest } = row
      out.push(updateStatement(d1, leads, id, rest, ['version = version + 1']))
    }
  }
  const v = plan.visitor
  const touch = { source: v.touch?.source ?? null, medium: v.touch?.medium ?? null, campaign: v.touch?.campaign ?? null, referrer: v.touch?.referrer ?? null, touchAt: v.touch?.at ?? null }
  if (v.isNew) {
    out.push(
      insertStatement(d1, visitors, [
        { id: v.id, siteId: plan.siteId, vid: v.vid, country: v.country, leadId: v.leadId, identityVerified: v.identityVerified, score: v.score, scoreState: v.state, scoringState: v.scoringState, scoredAt: now, firstSeenAt: v.firstSeenAt, lastSeenAt: v.lastSeenAt, version: 1, ...touch, ...v.budget },
      ]),
    )
  } else {
    out.push(
      updateStatement(d1, visitors, v.id, { leadId: v.leadId, identityVerified: v.identityVerified, score: v.score, scoreState: v.state, scoringState: v.scoringState, scoredAt: now, firstSeenAt: v.firstSeenAt, lastSeenAt: v.lastSeenAt, ...touch, ...v.budget }, [
        'version = version + 1',
      ]),
    )
  }
  for (let i = 0; i < plan.events.length; i += EVENTS_PER_INSERT) {
    out.push(insertStatement(d1, events, plan.events.slice(i, i + EVENTS_PER_INSERT), 'do nothing'))
  }
  if (plan.linkAnonymous && v.leadId) {
    out.push(d1.prepare('update events set lead_id = ? where visitor_id = ? and lead_id is null').bind(v.leadId, v.id))
  }
  for (const t of plan.transitions) {
    out.push(
      insertStatement(d1, stageTransitions, [
        { id: t.id, siteId: plan.siteId, leadId: plan.lead!.row.id, fromStage: t.from, toStage: t.to, epoch: t.epoch, source: 'ingest', reason: t.reason, score: plan.result.score, at: t.at },
      ]),
    )
  }
  if (plan.overBudget > 0) out.push(droppedCounter(d1, plan))
  out.push(...extra)
  return out
}

/**
 * Counts events a budget dropped on the site (`stats.droppedEvents` of GET /api/v1/site).
 * @example
 * await env.DB.batch([droppedCounter(env.DB, plan)])
 */
export function droppedCounter(d1: D1Database, plan: WritePlan): D1PreparedStatement {
  return d1.prepare('update sites set dropped_events = dropped_events + ? where id = ?').bind(plan.overBudget, plan.siteId)
}
