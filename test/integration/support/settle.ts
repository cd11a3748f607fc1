import { env } from 'cloudflare:test'
import { retryDueAlerts } from '../../../worker/alerts'
import { rows } from '../helpers'

const TERMINAL = new Set(['sent', 'failed', 'broken', 'refused'])

/**
 * Lets the sends that ingest requests started in waitUntil finish, with the cron's sender for anything
 * they left pending: polls the outbox (never a fixed sleep) until the lead has at least `expected` alert
 * rows, all final, and returns them ordered by channel or by creation.
 * @example
 * expect(await settleAlerts(lead.id)).toEqual([{ channel: 'slack', status: 'sent' }])
 */
export async function settleAlerts(leadId: string, { expected = 1, order = 'channel' }: { expected?: number; order?: 'channel' | 'created' } = {}) {
  const by = order === 'channel' ? 'channel' : 'created_at, id'
  for (let i = 0; i < 400; i++) {
    const got = await rows<{ channel: string; status: string }>(`select channel, status from alerts where lead_id = ? order by ${by}`, leadId)
    if (got.length >= expected && got.every((r) => TERMINAL.has(r.status))) return got
    // now = the real clock: a row another sender holds is left alone until its lease really lapses
    await retryDueAlerts(env, Date.now())
    await scheduler.wait(10)
  }
  throw new Error('alerts did not settle')
}
