/**
 * The alert outbox sender. Every try starts by claiming the row with one conditional UPDATE … RETURNING
 * (due and pending, or held by a sender whose lease lapsed), so two senders — the request's waitUntil
 * and the cron, or two crons — never both send it. The result is then written back only while the
 * claim is still ours. A row the endpoint accepted is `sent` and never claimable again.
 * The cron claims fairly: at most PER_SITE_PER_RUN rows of one site per run, sites taken in turn, so a
 * site whose endpoint hangs cannot hold up another's alerts. A claim that is never settled (the Worker
 * died mid-send) counts as a try; after the last one the row is `failed`, and the site is told.
 */
import { and, eq, lt, lte, or, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { type Db, database } from '../db/client'
import { alertedTransitionId } from '../db/sla'
import { alerts, sites } from '../../schema/tables'
import { isLocal } from '../env'
import { asAlertContext, type AlertChannel, type AlertSite, type AlertsEnv, channelTarget, logLine } from './channels'
import type { AlertContext } from './context'
import { buildSlackMessage, type SlackMessageOptions } from './slack'
import { type DeliveryResult, deliver } from './deliver'
import { cappedError, emailCapCleared, emailCapReached, emailCappedMark } from './email-cap'
import { channelFailed, channelRecovered } from './failing'
import { asNotice, type FailingNotice, NOTICE_SUBJECT, noticeText, noticeWebhookBody } from './notice'
import { afterFailure, LEASE_MS, MAX_ATTEMPTS, PER_SITE_PER_RUN } from './policy'
import { fromAddress, sendAlertEmail, sendRawEmail } from './send-email'
import { buildMimeMessage } from './mime'
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
export type SendStatus = 'sent' | 'pending' | 'failed' | 'broken' | 'refused' | 'capped' | 'skipped'
export type SendSummary = Record<SendStatus, number>

/**
 * Sends the given outbox rows now (the request's `ctx.waitUntil` after the ingest batch committed).
 * Rows not due or held by another sender are skipped, so calling it twice is harmless.
 * @example
 * ctx.waitUntil(sendAlerts(env, rows.map((r) => r.id), Date.now()))
 */
export async function sendAlerts(env: AlertsEnv, ids: readonly string[], now: number): Promise<SendSummary> {
  const db = database(env.DB)
  const summary: SendSummary = { sent: 0, pending: 0, failed: 0, broken: 0, refused: 0, capped: 0, skipped: 0 }
  const queue = [...new Set(ids)]
  // `now` may be simulated (tests, a scheduled run's time); a claim made later in this call leases
  // from later by the time that really passed, so its lease is never shorter than LEASE_MS, while what
  // the rows record (sent at, health marks) stays the caller's `now`
  const started = Date.now()
  const clock = () => now + Math.max(0, Date.now() - started)
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      summary[await sendOne(db, env, id, now, clock())]++
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker))
  return summary
}

/**
 * The cron's part: fails the claims that ran out of tries without ever settling, then sends what is
 * due (pending and past its next try, or held by a sender whose lease lapsed) — oldest first within a
 * site, at most `perSite` per site and `limit` in all, sites taken in turn.
 * @example
 * ctx.waitUntil(retryDueAlerts(env, Date.now())) // in the Worker's scheduled handler
 */
export async function retryDueAlerts(env: AlertsEnv, now: number, limit = RETRY_BATCH, perSite = PER_SITE_PER_RUN): Promise<SendSummary> {
  const db = database(env.DB)
  const abandoned = await failAbandoned(db, env, now)
  const due = await env.DB.prepare(
    `select id from (
       select id, next_attempt_at, row_number() over (partition by site_id order by next_attempt_at, id) as turn
       from alerts
       where (status = 'pending' and next_attempt_at <= ?1) or (status = 'sending' and lease_until < ?1 and attempts < ?2))
     where turn <= ?3 order by turn, next_attempt_at limit ?4`,
  )
    .bind(now, MAX_ATTEMPTS, perSite, limit)
    .all<{ id: string }>()
  const summary = await sendAlerts(env, due.results.map((r) => r.id), now)
  summary.failed += abandoned
  return summary
}

/** The claim condition: due and pending, or held by a sender whose lease lapsed with tries left. */
function claimable(now: number) {
  return or(
    and(eq(alerts.status, 'pending'), lte(alerts.nextAttemptAt, now)),
    and(eq(alerts.status, 'sending'), lt(alerts.leaseUntil, now), lt(alerts.attempts, MAX_ATTEMPTS)),
  )
}

/** Claims whose every try died unsettled: `failed`, and the site is told. Returns how many. */
async function failAbandoned(db: Db, env: AlertsEnv, now: number): Promise<number> {
  const error = `the sender stopped without recording a result, ${MAX_ATTEMPTS} times; given up`
  const gone = await db
    .update(alerts)
    .set({ status: 'failed', leaseUntil: null, lastError: error })
    .where(and(eq(alerts.status, 'sending'), lt(alerts.leaseUntil, now), sql`${alerts.attempts} >= ${MAX_ATTEMPTS}`))
    .returning({ id: alerts.id, siteId: alerts.siteId, leadId: alerts.leadId, channel: alerts.channel, transitionId: alerts.transitionId })
  for (const row of gone) await tellFailing(db, env, row, error, now)
  return gone.length
}

/** After an alert is given up: mark its channel failing and send the one notice of the spell. */
async function tellFailing(db: Db, env: AlertsEnv, row: Parameters<typeof channelFailed>[2], error: string | null, now: number): Promise<void> {
  try {
    const ids = await channelFailed(db, env, row, error, now)
    if (ids.length) await sendAlerts(env, ids, now)
  } catch (err) {
    // the alert is failed either way; the health mark and notice are best effort
    console.error('failure notice not recorded', err)
  }
}

async function sendOne(db: Db, env: AlertsEnv, id: string, now: number, leaseFrom = now): Promise<SendStatus> {
  const lease = leaseFrom + LEASE_MS
  const [row] = await db
    .update(alerts)
    // attempts counts claims, so a row that crashes its sender every time still runs out of tries
    .set({ status: 'sending', leaseUntil: lease, attempts: sql`${alerts.attempts} + 1` })
    .where(and(eq(alerts.id, id), claimable(now)))
    .returning()
  if (!row) return 'skipped'
  try {
    const status = await attempt(db, env, row, lease, now)
    if (status === 'failed') {
      const [after] = await db.select({ lastError: alerts.lastError }).from(alerts).where(eq(alerts.id, row.id))
      await tellFailing(db, env, row, after?.lastError ?? null, now)
    }
    return status
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

// A deleted site's rows go in a background job's steps; until they are gone nothing more is sent for it.
const GONE = 'the site no longer exists (deleted)'

async function attempt(db: Db, env: AlertsEnv, row: AlertRow, lease: number, now: number): Promise<SendStatus> {
  const notice = asNotice(row.payload)
  if (notice) return attemptNotice(db, env, row, notice, lease, now)
  const ctx = asAlertContext(row.payload)
  if (!ctx) return finish(db, row, lease, { status: 'failed', lastError: 'payload is not a version-1 AlertContext' })
  const channel = row.channel as AlertChannel
  if (channel === 'log') {
    console.log(logLine(ctx, { redact: !isLocal(env) }))
    return finish(db, row, lease, { status: 'sent', sentAt: now, lastError: null })
  }
  const [site] = await db.select().from(sites).where(eq(sites.id, row.siteId))
  if (!site || site.deletedAt !== null) return finish(db, row, lease, { status: 'failed', lastError: GONE })
  const health = site.channelHealth?.[channel]
  if (health?.broken) {
    return finish(db, row, lease, { status: 'broken', lastError: `channel marked broken (HTTP ${health.status ?? '?'}); fix its address to resume` })
  }
  const target = channelTarget(site as AlertSite, channel, env)
  if (!target.ok) return finish(db, row, lease, { status: 'refused', lastError: target.error })
  if (target.channel === 'email' && (await emailCapReached(db, site.id, site.emailDailyCap, row.id, lease, now))) {
    return finish(db, row, lease, { status: 'capped', lastError: cappedError(site.emailDailyCap) }, [emailCappedMark(db, site.id, now)])
  }
  const result = await send(target, ctx, row, now, env, { handoff: Boolean(site.slackSigningSecret), episode: alertedTransitionId(row.transitionId) })
  const after = result.outcome !== 'sent' ? [] : [...(health?.failing ? [channelRecovered(db, site.id, channel)] : []), ...(health?.capped ? [emailCapCleared(db, site.id)] : [])]
  return settle(db, row, lease, now, env, result, after)
}

/** A "failing" notice on one channel: the same claim, retry and settle path as an alert. */
async function attemptNotice(db: Db, env: AlertsEnv, row: AlertRow, n: FailingNotice, lease: number, now: number): Promise<SendStatus> {
  const channel = row.channel as AlertChannel
  if (channel === 'log') {
    console.log(`[leadbeacon] ${noticeText(n)}`)
    return finish(db, row, lease, { status: 'sent', sentAt: now, lastError: null })
  }
  const [site] = await db.select().from(sites).where(eq(sites.id, row.siteId))
  if (!site || site.deletedAt !== null) return finish(db, row, lease, { status: 'failed', lastError: GONE })
  const target = channelTarget(site as AlertSite, channel, env)
  if (!target.ok) return finish(db, row, lease, { status: 'refused', lastError: target.error })
  if (target.channel === 'email' && (await emailCapReached(db, site.id, site.emailDailyCap, row.id, lease, now))) {
    return finish(db, row, lease, { status: 'capped', lastError: cappedError(site.emailDailyCap) }, [emailCappedMark(db, site.id, now)])
  }
  let result: DeliveryResult
  if (target.channel === 'slack') {
    result = await deliver(target.url, { body: JSON.stringify({ text: noticeText(n) }), headers: { 'content-type': 'application/json' }, now, slack: true })
  } else if (target.channel === 'webhook') {
    const body = noticeWebhookBody(row.id, n)
    result = await deliver(target.url, { body, headers: await webhookHeaders(body, target.secret, row.id, now), now })
  } else if (target.channel === 'email') {
    const from = fromAddress(env.EMAIL_FROM)
    const text = noticeText(n)
    const raw = buildMimeMessage({ from, fromName: 'Leadbeacon', to: target.to, subject: NOTICE_SUBJECT, text, html: `<p>${escapeHtml(text)}</p>`, messageId: row.id, date: now, headers: { 'Auto-Submitted': 'auto-generated' } })
    result = await sendRawEmail(target.binding, from, target.to, raw)
  } else {
    result = { outcome: 'failed', status: null, error: `unknown channel ${row.channel}`, retryAfterMs: null }
  }
  return settle(db, row, lease, now, env, result)
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)

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
      return sendAlertEmail({ binding: target.binding, from: env.EMAIL_FROM, to: target.to, ctx, alertId: row.id, now, alertAt: row.createdAt, secret: env.ADMIN_TOKEN })
    default:
      return { outcome: 'failed', status: null, error: `unknown channel ${row.channel}`, retryAfterMs: null }
  }
}

/** Writes the outcome of a try; a 404/410 also marks the site's channel broken, in the same batch. */
async function settle(db: Db, row: AlertRow, lease: number, now: number, env: AlertsEnv, r: DeliveryResult, also: BatchItem<'sqlite'>[] = []): Promise<SendStatus> {
  const common = { lastStatus: r.status, lastError: r.error }
  if (r.outcome === 'sent') return finish(db, row, lease, { ...common, status: 'sent', sentAt: now }, also)
  if (r.outcome === 'failed') return finish(db, row, lease, { ...common, status: 'failed' })
  if (r.outcome === 'broken') {
    const mark = { broken: true, at: now, status: r.status ?? undefined, error: r.error ?? undefined }
    const health = db
      .update(sites)
      .set({ channelHealth: sql`json_set(coalesce(${sites.channelHealth}, '{}'), ${`$.${row.channel}`}, json(${JSON.stringify(mark)}))` })
      .where(eq(sites.id, row.siteId))
    return finish(db, row, lease, { ...common, status: 'broken' }, [health])
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
async function finish(db: Db, row: AlertRow, lease: number, f: Final, also: BatchItem<'sqlite'>[] = []): Promise<SendStatus> {
  const update = db
    .update(alerts)
    .set({ ...f, leaseUntil: null })
    .where(and(eq(alerts.id, row.id), eq(alerts.status, 'sending'), eq(alerts.leaseUntil, lease)))
  for (let i = 0; ; i++) {
    try {
      if (also.length) await db.batch([update, ...also])
      else await update
      return f.status
    } catch (err) {
      if (i >= 2) throw err
    }
  }
}
