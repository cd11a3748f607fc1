import { env } from 'cloudflare:test'
import { sql } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { alerts } from '../../../schema/tables'
import { sendAlerts } from '../../../worker/alerts/outbox'
import { BACKOFF_BASE_MS, LOCAL_BACKOFF_BASE_MS } from '../../../worker/alerts/policy'
import { receiver } from './receiver-client'
import { alertRow, db, seedAlert } from './seed'

const T0 = Date.UTC(2026, 10, 2, 9, 0)
/** The bindings of a Worker deployed without ENVIRONMENT. */
const production = () => {
  const e = { ...env }
  delete e.ENVIRONMENT
  return e
}

afterEach(async () => {
  await db().delete(alerts).where(sql`1 = 1`)
})

describe('the sender in production mode', () => {
  it('refuses at send time a loopback URL stored while running locally, with our reason, and sends nothing', async () => {
    const slack = receiver('/prod-slack')
    const crm = receiver('/prod-crm')
    const { ids } = await seedAlert({ alerts: { slackWebhookUrl: slack.url, webhookUrl: crm.url }, now: T0 })
    expect(await sendAlerts(production(), ids, T0)).toMatchObject({ refused: 2 })
    const got = await Promise.all(ids.map(alertRow))
    expect(got.map((r) => [r.channel, r.status, r.lastError])).toEqual([
      ['slack', 'refused', 'slack URL refused: must use https:// (http:// is accepted only when running locally)'],
      ['webhook', 'refused', 'webhook URL refused: must use https:// (http:// is accepted only when running locally)'],
    ])
    expect([...(await slack.requests()), ...(await crm.requests())]).toEqual([])
  })

  it('refuses a disguised private https host at send time too', async () => {
    const { ids } = await seedAlert({ alerts: { webhookUrl: 'https://0xa9fea9fe/latest/meta-data' }, now: T0 })
    expect(await sendAlerts(production(), ids, T0)).toMatchObject({ refused: 1 })
    expect(await alertRow(ids[0])).toMatchObject({ status: 'refused', lastError: expect.stringMatching(/link-local/) })
  })

  // `.invalid` never resolves (RFC 6761), so the try fails as a network error without leaving the machine
  it('retries a failing alert on the production schedule; locally on the fast one', async () => {
    const url = 'https://hooks.acme.invalid/lead'
    const prod = await seedAlert({ alerts: { webhookUrl: url }, now: T0 })
    expect(await sendAlerts(production(), prod.ids, T0)).toMatchObject({ pending: 1 })
    expect(await alertRow(prod.ids[0])).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: T0 + BACKOFF_BASE_MS })
    const other = await seedAlert({ alerts: { webhookUrl: url }, now: T0 })
    expect(await sendAlerts({ ...env, ENVIRONMENT: 'production' }, other.ids, T0)).toMatchObject({ pending: 1 })
    expect(await alertRow(other.ids[0])).toMatchObject({ nextAttemptAt: T0 + BACKOFF_BASE_MS })
    const local = await seedAlert({ alerts: { webhookUrl: url }, now: T0 })
    expect(await sendAlerts(env, local.ids, T0)).toMatchObject({ pending: 1 })
    expect(await alertRow(local.ids[0])).toMatchObject({ nextAttemptAt: T0 + LOCAL_BACKOFF_BASE_MS })
  })
})
