// What the reliability drills share: a site alerting to a local Slack receiver, ingest posts that
// look like a browser's (one client address per visitor), and reading the local D1 back.
import { wrangler } from '../../scripts/lib/worker-proc.mjs'
import { BROWSER_UA } from '../lib/load.mjs'
import { clientIp } from '../lib/traffic.mjs'

/**
 * Creates a site on `base` whose Slack channel is `receiverUrl`/slack; returns its site key.
 * @example
 * const siteKey = await alertingSite(w.url, adminToken, rx.url)
 */
export async function alertingSite(base, adminToken, receiverUrl, name = 'Drill') {
  const r = await fetch(`${base}/api/v1/sites`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name, domains: ['localhost'], alerts: { slackWebhookUrl: `${receiverUrl}/slack` } }),
  })
  const j = await r.json()
  if (r.status !== 201) throw new Error(`POST /api/v1/sites answered ${r.status}: ${JSON.stringify(j)}`)
  return j.siteKey
}

/**
 * One `POST /e` as the snippet sends it; resolves to { status, json } (status 0 when the connection
 * failed or timed out).
 */
export async function sendBatch(base, siteKey, vid, events, timeoutMs = 10_000) {
  try {
    const r = await fetch(`${base}/e`, {
      method: 'POST',
      body: JSON.stringify({ s: siteKey, v: vid, e: events }),
      headers: { 'content-type': 'text/plain', origin: 'http://localhost', 'user-agent': BROWSER_UA, 'cf-connecting-ip': clientIp(vid) },
      signal: AbortSignal.timeout(timeoutMs),
    })
    return { status: r.status, json: await r.json().catch(() => null) }
  } catch {
    return { status: 0, json: null }
  }
}

/** The events of a hand-raiser: a pricing view, an identify, a demo request (SQL at once). */
export function handRaise(email, now = Date.now(), tag = 'h') {
  return [
    { i: `${tag}.pv`, t: 'pv', ts: now - 3_000, p: '/pricing', ti: 'Pricing' },
    { i: `${tag}.id`, t: 'id', ts: now - 2_000, d: { email, company: 'Drillco', title: 'VP Sales' } },
    { i: `${tag}.tr`, t: 'tr', ts: now - 1_000, n: 'demo_requested', d: { plan: 'pro' } },
  ]
}

/**
 * Rows of one SELECT on a local D1 (wrangler d1 execute --local --json).
 * @example
 * const rows = queryLocal({ config, persistTo }, 'SELECT count(*) AS n FROM events')
 */
export function queryLocal({ config, persistTo }, sql) {
  const out = wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '-c', config, '--json', '--command', sql], { timeoutMs: 180_000 })
  return JSON.parse(out)[0].results
}

/** Messages the receiver got for `email` (Slack bodies carry the lead's email). */
export const messagesFor = (rx, email) => rx.requests.filter((m) => m.path.startsWith('/slack') && m.body.includes(email)).length

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
