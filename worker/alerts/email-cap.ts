/**
 * The per-site daily cap on email (alerts and failing notices alike): a site sends at most
 * `sites.email_daily_cap` mails in any 24 hours. A row over the cap ends `capped` (terminal, never
 * retried), the site's email health counts how many were held back since the last mail that went
 * out, and that mark clears when mail flows again.
 */
import { sql } from 'drizzle-orm'
import { sites } from '../../schema/tables'
import type { Db } from '../db/client'
import { DAY_MS } from '../scoring/time'

/**
 * Whether sending row `rowId` (claimed with `lease`) would go over the site's cap: the mail sent in the
 * last 24 h plus the live claims made before this one (earlier lease, or same lease and smaller id), so
 * two senders at the cap's edge never both send.
 * @example
 * if (await emailCapReached(db, site.id, site.emailDailyCap, row.id, lease, now)) markCapped()
 */
export async function emailCapReached(db: Db, siteId: string, cap: number, rowId: string, lease: number, now: number): Promise<boolean> {
  const row = await db.$client
    .prepare(
      `select count(*) as n from alerts where site_id = ?1 and channel = 'email' and (
         (status = 'sent' and sent_at > ?2)
         or (status = 'sending' and id <> ?3 and lease_until >= ?4 and (lease_until < ?5 or (lease_until = ?5 and id < ?3))))`,
    )
    .bind(siteId, now - DAY_MS, rowId, now, lease)
    .first<{ n: number }>()
  return (row?.n ?? 0) >= cap
}

/**
 * The statement that records one more email held back by the cap in the site's email health.
 * @example
 * await finish(db, row, lease, capped, [emailCappedMark(db, site.id, now)])
 */
export function emailCappedMark(db: Db, siteId: string, now: number) {
  return db
    .update(sites)
    .set({
      channelHealth: sql`json_set(coalesce(${sites.channelHealth}, '{}'), '$.email',
        json_patch(coalesce(json_extract(${sites.channelHealth}, '$.email'), json_object('broken', json('false'), 'at', ${now})),
          json_object('capped', coalesce(json_extract(${sites.channelHealth}, '$.email.capped'), 0) + 1, 'cappedAt', ${now})))`,
    })
    .where(sql`${sites.id} = ${siteId}`)
}

/**
 * The statement that clears the cap mark once a mail went out again: the whole email entry when it
 * said nothing else, else only the cap fields.
 * @example
 * await finish(db, row, lease, sent, [emailCapCleared(db, site.id)])
 */
export function emailCapCleared(db: Db, siteId: string) {
  return db
    .update(sites)
    .set({
      channelHealth: sql`case
        when coalesce(json_extract(${sites.channelHealth}, '$.email.broken'), 0) = 0 and coalesce(json_extract(${sites.channelHealth}, '$.email.failing'), 0) = 0
          then json_remove(${sites.channelHealth}, '$.email')
        else json_remove(${sites.channelHealth}, '$.email.capped', '$.email.cappedAt') end`,
    })
    .where(sql`${sites.id} = ${siteId} and json_extract(${sites.channelHealth}, '$.email.capped') is not null`)
}

/** The reason a capped row records. */
export const cappedError = (cap: number) => `not sent: the site's daily cap of ${cap} email${cap === 1 ? '' : 's'} in 24 hours was reached`
