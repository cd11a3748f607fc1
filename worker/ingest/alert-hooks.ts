import { and, desc, eq, ne } from 'drizzle-orm'
import { alerts, leads } from '../../schema/tables'
import { alertRowsFor, buildAlertContext, sendAlerts } from '../alerts'
import { database } from '../db/client'
import { leadLinkToken } from '../http/lead-link'
import { insertStatement } from '../db/raw'
import type { Env } from '../env'
import { rollUpAccount } from '../scoring'
import type { IngestHooks } from './pipeline'
import type { WritePlan } from './plan'

/** How many colleagues of the same company an alert reads for its account section. */
const ACCOUNT_PEOPLE = 10

/**
 * The alert side of ingest: for each stage transition the plan decided, outbox rows written in the
 * same batch as the transition (so an alert exists exactly when its transition does), then sent right
 * after the response; the cron retries what fails.
 * @example
 * ingestBatch(db, batch, meta, alertHooks(env, origin))
 */
export function alertHooks(env: Env, origin: string): IngestHooks {
  return {
    extraWrites: async (plan: WritePlan) => {
      if (!plan.lead || plan.transitions.length === 0) return { items: [] }
      const lead = plan.lead.row
      const account = lead.accountDomain ? await readAccount(env, plan) : null
      const events = await recentEvents(env, plan)
      // the link lives 14 days from the alert, which goes now, however far back the events were
      const leadToken = await leadLinkToken(env.ADMIN_TOKEN, plan.site.id, lead.id, plan.now).catch(() => undefined)
      const rows = plan.transitions.flatMap((t) =>
        alertRowsFor({
          site: plan.site,
          transition: { id: t.id, to: t.to, reengaged: t.reengaged },
          context: buildAlertContext({
            site: { id: plan.site.id, name: plan.site.name },
            stage: t.to,
            reengaged: t.reengaged,
            at: t.at,
            lead: {
              id: lead.id,
              email: lead.email,
              name: lead.name,
              company: lead.company,
              title: lead.title,
              score: lead.score,
              engagementScore: lead.engagementScore,
              fitScore: lead.fitScore,
              grade: lead.grade,
              stage: lead.stage,
              firstSeenAt: lead.firstSeenAt,
              lastSeenAt: lead.lastSeenAt,
              source: lead.source,
              medium: lead.medium,
              campaign: lead.campaign,
            },
            breakdown: plan.result.breakdown,
            events,
            account,
            publicUrl: env.PUBLIC_URL ?? origin,
            leadToken,
            identityVerified: plan.visitor.identityVerified,
          }),
          now: plan.now,
          env,
        }),
      )
      const pending = rows.filter((r) => r.status === 'pending').map((r) => r.id)
      return {
        items: rows.map((r) => insertStatement(env.DB, alerts, [r])),
        after: pending.length ? async () => void (await sendAlerts(env, pending, Date.now())) : undefined,
      }
    },
  }
}

/** Events an alert's recent activity is picked from, read once (above MAX_RECENT: identifies etc. are skipped). */
const RECENT_READ = 100

/**
 * The lead's newest events for the alert: the plan holds the whole history only when it scored from
 * scratch; otherwise the batch, plus the newest stored events (the batch is not written yet).
 */
async function recentEvents(env: Env, plan: WritePlan): Promise<{ type: string; path?: string | null; name?: string | null; at: number }[]> {
  if (plan.incremental !== true) return plan.history
  // the lead's newest through its (lead_id, at) index, stopping at the limit; the visitor's anonymous
  // events only when this batch links them (otherwise it has none), through its own index
  const lead = 'select type, path, name, at from events where lead_id = ?1 order by at desc limit ?3'
  const anonymous = 'select type, path, name, at from events indexed by events_visitor_eid where visitor_id = ?2 and lead_id is null'
  const stored = await env.DB.prepare(
    plan.linkAnonymous ? `select * from (${lead}) union all select * from (${anonymous} order by at desc limit ?3) order by at desc limit ?3` : lead,
  )
    .bind(plan.lead!.row.id, plan.visitor.id, RECENT_READ)
    .all<{ type: string; path: string | null; name: string | null; at: number }>()
  return [...stored.results, ...plan.history]
}

async function readAccount(env: Env, plan: WritePlan) {
  const lead = plan.lead!.row
  const people = await database(env.DB)
    .select({ name: leads.name, email: leads.email, title: leads.title, score: leads.score, engagementScore: leads.engagementScore, stage: leads.stage, lastSeenAt: leads.lastSeenAt })
    .from(leads)
    .where(and(eq(leads.siteId, plan.siteId), eq(leads.accountDomain, lead.accountDomain!), ne(leads.id, lead.id)))
    .orderBy(desc(leads.score))
    .limit(ACCOUNT_PEOPLE)
  const everyone = [...people, { ...lead }]
  return {
    domain: lead.accountDomain!,
    score: rollUpAccount(everyone, plan.now).score,
    people: people.map((p) => ({ name: p.name, email: p.email, title: p.title, score: p.score })),
  }
}
