/**
 * What happens when an alert is given up (`failed` after its last try, or a claim never settled): the
 * site's channel health records that the channel is failing, and — once per failing spell, decided by
 * one conditional UPDATE so two senders cannot both decide it — the site's other channels (or the log
 * when it has none) get one "alerts to X are failing" notice through the outbox. The next alert that
 * goes through on that channel, or a change of its address, ends the spell.
 */
import { sql } from 'drizzle-orm'
import { alerts, type ChannelName, sites } from '../../schema/tables'
import type { Db } from '../db/client'
import { type AlertChannel, type AlertSite, type AlertsEnv, CHANNELS, channelTarget, isConfigured } from './channels'
import type { FailingNotice } from './notice'

type AlertRow = typeof alerts.$inferSelect

/**
 * Marks `row.channel` of its site failing and queues the notices when this is the first failure of the
 * spell. Returns the ids of the notice rows it queued (empty when the spell was already known, or the
 * failed row was itself a notice or a log line).
 * @example
 * const ids = await channelFailed(db, env, row, 'timed out after 10000 ms', now)
 */
export async function channelFailed(db: Db, env: Pick<AlertsEnv, 'ENVIRONMENT' | 'EMAIL'>, row: Pick<AlertRow, 'id' | 'siteId' | 'leadId' | 'channel' | 'transitionId'>, lastError: string | null, now: number): Promise<string[]> {
  if (row.channel === 'log' || row.transitionId.startsWith('notice.')) return []
  const ch = row.channel as ChannelName
  const mark = JSON.stringify({ failing: true, at: now, ...(lastError ? { error: lastError } : {}) })
  const won = await db
    .update(sites)
    .set({
      channelHealth: sql`json_set(coalesce(${sites.channelHealth}, '{}'), ${`$.${ch}`},
        json_patch(coalesce(json_extract(${sites.channelHealth}, ${`$.${ch}`}), '{"broken":false}'), ${mark}))`,
    })
    .where(sql`${sites.id} = ${row.siteId} and coalesce(json_extract(${sites.channelHealth}, ${`$.${ch}.failing`}), 0) = 0`)
    .returning()
  const site = won[0]
  if (!site) return []
  const notice: FailingNotice = { noticeVersion: 1, kind: 'channel-failing', site: { id: site.id, name: site.name }, channel: ch, lastError, at: now }
  const targets: AlertChannel[] = CHANNELS.filter(
    (c) => c !== ch && isConfigured(site.alerts ?? {}, c) && !site.channelHealth?.[c]?.broken && channelTarget(site as AlertSite, c, env).ok,
  )
  if (!targets.length) targets.push('log')
  const transitionId = `notice.${row.id}`
  const rows = targets.map((c) => ({
    id: `${transitionId}.${c}`,
    siteId: row.siteId,
    leadId: row.leadId,
    transitionId,
    channel: c,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    payload: notice,
    createdAt: now,
  }))
  await db.insert(alerts).values(rows).onConflictDoNothing()
  return rows.map((r) => r.id)
}

/**
 * The statement that ends a failing spell after an alert went through on `channel`.
 * @example
 * await finish(db, row, lease, sent, channelRecovered(db, site.id, 'webhook'))
 */
export function channelRecovered(db: Db, siteId: string, channel: ChannelName) {
  return db
    .update(sites)
    .set({ channelHealth: sql`json_remove(${sites.channelHealth}, ${`$.${channel}`})` })
    .where(sql`${sites.id} = ${siteId} and json_extract(${sites.channelHealth}, ${`$.${channel}.failing`}) = 1 and coalesce(json_extract(${sites.channelHealth}, ${`$.${channel}.broken`}), 0) = 0`)
}
