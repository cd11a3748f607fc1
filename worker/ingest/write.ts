import { and, eq, isNull, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { events, leads, stageTransitions, visitors, writeGuards } from '../../schema/tables'
import type { Db } from '../db/client'
import type { WritePlan } from './plan'

/**
 * Statements that fail the whole batch unless the rows the plan was decided on are unchanged: the
 * CHECK on write_guards rejects a false condition, and D1 rolls back every statement of the batch.
 * This is the optimistic lock D1 allows without interactive transactions.
 * @example
 * db.batch([...guards(db, plan), ...rest])
 */
export function guards(db: Db, plan: WritePlan): BatchItem<'sqlite'>[] {
  const conds = [
    plan.visitor.isNew
      ? sql`not exists (select 1 from ${visitors} where ${visitors.id} = ${plan.visitor.id})`
      : sql`(select ${visitors.version} from ${visitors} where ${visitors.id} = ${plan.visitor.id}) = ${plan.visitor.version}`,
  ]
  if (plan.lead) {
    const l = plan.lead.row
    conds.push(
      plan.lead.isNew
        ? sql`not exists (select 1 from ${leads} where ${leads.siteId} = ${l.siteId} and ${leads.email} = ${l.email})`
        : sql`(select ${leads.version} from ${leads} where ${leads.id} = ${l.id}) = ${plan.lead.version}`,
    )
  }
  return [
    db
      .insert(writeGuards)
      .values({ id: 1, ok: sql`(${sql.join(conds, sql` and `)})` })
      .onConflictDoUpdate({ target: writeGuards.id, set: { ok: sql`excluded.ok` } }),
  ]
}

/**
 * The one write batch of an ingest request: guard, lead, visitor, events, links, transitions (and the
 * alert rows `extra` adds). All or nothing.
 * @example
 * await db.batch(writeStatements(db, plan, alertInserts))
 */
export function writeStatements(db: Db, plan: WritePlan, extra: BatchItem<'sqlite'>[] = []): [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]] {
  const { now } = plan
  const out: BatchItem<'sqlite'>[] = guards(db, plan)
  if (plan.lead) {
    const { row, isNew } = plan.lead
    if (isNew) out.push(db.insert(leads).values({ ...row, version: 1 }))
    else {
      const { id, siteId, email, createdAt, version, ...rest } = row
      out.push(db.update(leads).set({ ...rest, version: sql`${leads.version} + 1` }).where(eq(leads.id, id)))
    }
  }
  const v = plan.visitor
  if (v.isNew) {
    out.push(
      db.insert(visitors).values({
        id: v.id,
        siteId: plan.siteId,
        vid: v.vid,
        country: v.country,
        leadId: v.leadId,
        score: v.score,
        scoreState: v.state,
        scoredAt: now,
        firstSeenAt: now,
        lastSeenAt: now,
        version: 1,
      }),
    )
  } else {
    out.push(
      db
        .update(visitors)
        .set({ leadId: v.leadId, score: v.score, scoreState: v.state, scoredAt: now, lastSeenAt: now, version: sql`${visitors.version} + 1` })
        .where(eq(visitors.id, v.id)),
    )
  }
  // D1 caps bound parameters per statement (100): insert events in slices.
  for (let i = 0; i < plan.events.length; i += 7) {
    out.push(db.insert(events).values(plan.events.slice(i, i + 7)).onConflictDoNothing())
  }
  if (plan.linkAnonymous && v.leadId) {
    out.push(db.update(events).set({ leadId: v.leadId }).where(and(eq(events.visitorId, v.id), isNull(events.leadId))))
  }
  for (const t of plan.transitions) {
    out.push(
      db.insert(stageTransitions).values({
        id: t.id,
        siteId: plan.siteId,
        leadId: plan.lead!.row.id,
        fromStage: t.from,
        toStage: t.to,
        epoch: t.epoch,
        source: 'ingest',
        reason: t.reason,
        score: plan.result.score,
        at: t.at,
      }),
    )
  }
  out.push(...extra)
  return out as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]
}
