/**
 * The alert outbox sender. Every try starts by claiming the row with one conditional UPDATE … RETURNING
 * (due and pending, or held by a sender whose lease lapsed), so two senders — the request's waitUntil
 * and the cron, or two crons — never both send it. The result is then written back only while the
 * claim is still ours. A row the endpoint accepted is `sent` and never claimable again.
 */
import { and, asc, eq, lt, lte, or, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { type Db, database } from '../db/client'
import { alerts, sites } from '../../schema/tables'
import { isLocal } from '../env'
import { asAlertContext, type AlertChannel, type AlertSite, type AlertsEnv, channelTarget, logLine } from './channels'
import type { AlertContext } from './context'
import { buildSlackMessage, type SlackMessageOptions } from './slack'
import { type DeliveryResult, deliver } from './deliver'
import { afterFailure, LEASE_MS } from './policy'
import { sendAlertEmail } from './send-email'
import { webhookBody, webhookHeaders } from './webhook'

export { alertId, alertRowsFor, type NewAlertRow } from './rows'

type AlertRow = typeof alerts.$inferSelect

/**
 * Alerts one cron run picks up at most. Each costs one outbound request and ~3 D1 queries, and the Free
 * plan allows 50 of each per invocation, shared with the cron's other tasks; a backlog drains at this
 * rate per run (every minute deployed, every ~20 s under `npm run dev`).
 */
export const RETRY_BATCH = 10
/** Deliveries in flight at once (Workers open at most 6 connections at a time per invocation). */
const CONCURRENCY = 6

/** Final status of each alert handled; `skipped` = another sender held it, or it was not due. */
export type SendStatus = 'sent' | 'pending' | 'failed' | 'broken' | 'refused' | 'skipped'
export type SendSummary = Record<SendStatus, number>

/**
 * Sends the given outbox rows now (the request's `ctx.waitUntil` after the ingest batch committed).
 * Rows not due or held by another sender are skipped, so calling it twice is harmless.
 * @example
 * ctx.waitUntil(sendAlerts(env, rows.map((r) => r.id), Date.now()))
 */
export async function sendAlerts(env: AlertsEnv, ids: readonly string[], now: number): Promise<SendSummary> {
  const db = database(env.DB)
  const summary: SendSummary = { sent: 0, pending: 0, failed: 0, broken: 0, refused: 0, skipped: 0 }
  const queue = [...new Set(ids)]
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      summary[await sendOne(db, env, id, now)]++
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker))
  return summary
}

/**
 * The cron's part: sends every alert that is due (pending and past its next try), or whose sender
 * died holding it (lease lapsed), oldest first, at most `limit` per run.
 * @example
 * ctx.waitUntil(retryDueAlerts(env, Date.now())) // in the Worker's scheduled handler
 */
export async function retryDueAlerts(env: AlertsEnv, now: number, limit = RETRY_BATCH): Promise<SendSummary> {
  const db = database(env.DB)
  const due = await db
    .select({ id: alerts.id })
    .from(alerts)
    .where(claimable(now))
    .orderBy(asc(alerts.nextAttemptAt))
    .limit(limit)
  return sendAlerts(env, due.map((r) => r.id), now)
}

/** The claim condition: due and pending, or held by a sender whose lease has lapsed. */
function claimable(now: number) {
  return or(
    and(eq(alerts.status, 'pending'), lte(alerts.nextAttemptAt, now)),
    and(eq(alerts.status, 'sending'), lt(alerts.leaseUntil, now)),
  )
}

async function sendOne(db: Db, env: AlertsEnv, id: string, now: number): Promise<SendStatus> {
  const lease = now + LEASE_MS
  const [row] = await db
    .update(alerts)
    // attempts counts claims, so a row that crashes its sender every time still runs out of tries
    .set({ status: 'sending', leaseUntil: lease, attempts: sql`${alerts.attempts} + 1` })
    .where(and(eq(alerts.id, id), claimable(now)))
    .returning()
  if (!row) return 'skipped'
  try {
    return await attempt(db, env, row, lease, now)
  } catch (err) {
    // our own fault (D1 hiccup, bug): count it as a failed try, and let the schedule retry it
    const error = `internal error: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300)
    try {
      return await settle(db, row, lease, now, env, { outcome: 'retry', status: null, error, retryAfterMs: null })
    } catch {
      // D1 is unreachable: the lease lapses and the next cron run takes the row over
      return 'pending'
    }
  }
}

async function attempt(db: Db, env: AlertsEnv, row: AlertRow, lease: number, now: number): Promise<SendStatus> {
  const ctx = asAlertContext(row.payload)
  if (!ctx) return finish(db, row, lease, { status: 'failed', lastError: 'payload is not a version-1 AlertContext' })
  const channel = row.channel as AlertChannel
  if (channel === 'log') {
    console.log(logLine(ctx))
    return finish(db, row, lease, { status: 'sent', sentAt: now, lastError: null })
  }
  const [site] = await db.select().from(sites).where(eq(sites.id, row.siteId))
  if (!site) return finish(db, row, lease, { status: 'failed', lastError: 'the site no longer exists' })
  const health = site.channelHealth?.[channel]
  if (health?.broken) {
    return finish(db, row, lease, { status: 'broken', lastError: `channel marked broken (HTTP ${health.status ?? '?'}); fix its address to resume` })
  }
  const target = channelTarget(site as AlertSite, channel, env)
  if (!target.ok) return finish(db, row, lease, { status: 'refused', lastError: target.error })
  const result = await send(target, ctx, row, now, env, { handoff: Boolean(site.slackSigningSecret) })
  return settle(db, row, lease, now, env, result)
}

async function send(
  target: Exclude<ReturnType<typeof channelTarget>, { ok: false }>,
  ctx: AlertContext,
  row: AlertRow,
  now: number,
  env: AlertsEnv,
  slack: SlackMessageOptions,
): Promise<DeliveryResult> {
  switch (target.channel) {
    case 'slack':
      return deliver(target.url, { body: JSON.stringify(buildSlackMessage(ctx, slack)), headers: { 'content-type': 'application/json' }, now, slack: true })
    case 'webhook': {
      const body = webhookBody(row.id, ctx, row.createdAt)
      return deliver(target.url, { body, headers: await webhookHeaders(body, target.secret, row.id, now), now })
    }
    case 'email':
      return sendAlertEmail({ binding: target.binding, from: env.EMAIL_FROM, to: target.to, ctx, alertId: row.id, now, secret: env.ADMIN_TOKEN })
    default:
      return { outcome: 'failed', status: null, error: `unknown channel ${row.channel}`, retryAfterMs: null }
  }
}

/** Writes the outcome of a try; a 404/410 also marks the site's channel broken, in the same batch. */
async function settle(db: Db, row: AlertRow, lease: number, now: number, env: AlertsEnv, r: DeliveryResult): Promise<SendStatus> {
  const common = { lastStatus: r.status, lastError: r.error }
  if (r.outcome === 'sent') return finish(db, row, lease, { ...common, status: 'sent', sentAt: now })
  if (r.outcome === 'failed') return finish(db, row, lease, { ...common, status: 'failed' })
  if (r.outcome === 'broken') {
    const mark = { broken: true, at: now, status: r.status ?? undefined, error: r.error ?? undefined }
    const health = db
      .update(sites)
      .set({ channelHealth: sql`json_set(coalesce(${sites.channelHealth}, '{}'), ${`$.${row.channel}`}, json(${JSON.stringify(mark)}))` })
      .where(eq(sites.id, row.siteId))
    return finish(db, row, lease, { ...common, status: 'broken' }, health)
  }
  const next = afterFailure(row.attempts, r.retryAfterMs, now, { local: isLocal(env) })
  if (next.status === 'failed') return finish(db, row, lease, { ...common, status: 'failed' })
  return finish(db, row, lease, { ...common, status: 'pending', nextAttemptAt: next.nextAttemptAt })
}

type Final = Partial<Pick<AlertRow, 'lastStatus' | 'lastError' | 'sentAt' | 'nextAttemptAt'>> & { status: Exclude<SendStatus, 'skipped'> }

/**
 * Releases the claim with the result, only if the claim is still ours (same lease). Retried a few
 * times: after a 2xx, failing to record `sent` would let the row be sent again once the lease lapses.
 */
async function finish(db: Db, row: AlertRow, lease: number, f: Final, also?: BatchItem<'sqlite'>): Promise<SendStatus> {
  const update = db
    .update(alerts)
    .set({ ...f, leaseUntil: null })
    .where(and(eq(alerts.id, row.id), eq(alerts.status, 'sending'), eq(alerts.leaseUntil, lease)))
  for (let i = 0; ; i++) {
    try {
      if (also) await db.batch([update, also])
      else await update
      return f.status
    } catch (err) {
      if (i >= 2) throw err
    }
  }
}
