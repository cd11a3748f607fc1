// Alert latency: from the ingest request of a hand-raise (`tr demo_requested` after an identify, which
// makes the lead SQL at once) to a local Slack receiver holding the message. One new lead per sample,
// sequentially, so each figure is one alert's own path (ingest, outbox row, waitUntil send). The
// receiver answers 200 "ok" like a Slack incoming webhook and notes when each message arrived.
import { performance } from 'node:perf_hooks'
import { startReceiver } from '../../scripts/lib/receiver.mjs'
import { percentile } from './stats.mjs'
import { BROWSER_UA } from './load.mjs'
import { clientIp } from './traffic.mjs'

const post = (url, body, headers = {}) =>
  fetch(url, { method: 'POST', body: JSON.stringify(body), headers, signal: AbortSignal.timeout(10_000) }).then(async (r) => ({
    status: r.status,
    json: await r.json().catch(() => null),
  }))

/**
 * Creates a site whose Slack channel is a local receiver, then makes `count` leads SQL one by one and
 * measures request → message. Gives up early (null figures, with the reason) when the first alerts
 * never arrive, so a Worker without alert delivery costs seconds, not minutes.
 * @example
 * const a = await alertLatency({ base, adminToken, count: 40 }) // { p50Ms, p95Ms, samples, … }
 */
export async function alertLatency({ base, adminToken, count = 40, waitMs = 5_000, budgetMs = 180_000 }) {
  const rx = await startReceiver()
  const origin = 'http://localhost'
  const ingestHeaders = { 'content-type': 'text/plain', origin, 'user-agent': BROWSER_UA }
  try {
    const site = await post(
      `${base}/api/v1/sites`,
      { name: 'Bench alerts', domains: ['localhost'], alerts: { slackWebhookUrl: `${rx.url}/slack` } },
      { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    )
    if (site.status !== 201) return empty(`POST /api/v1/sites answered ${site.status}: ${JSON.stringify(site.json)}`)
    const siteKey = site.json.siteKey
    const samples = []
    const ingestMs = []
    let missed = 0
    const deadline = performance.now() + budgetMs
    for (let i = 0; i < count && performance.now() < deadline; i++) {
      const vid = `alert-${i}`
      const email = `buyer${i}@benchco${i}.io`
      const now = Date.now()
      const ip = { ...ingestHeaders, 'cf-connecting-ip': clientIp(vid) }
      const who = await post(
        `${base}/e`,
        { s: siteKey, v: vid, e: [
          { i: 'a', t: 'pv', ts: now - 2_000, p: '/pricing', ti: 'Pricing' },
          { i: 'b', t: 'id', ts: now - 1_000, d: { email, name: `Buyer ${i}`, company: `Benchco ${i}`, title: 'VP Sales' } },
        ] },
        ip,
      )
      if (who.status !== 202) return empty(`identify answered ${who.status}: ${JSON.stringify(who.json)}`)
      const t0 = performance.now()
      const raise = await post(`${base}/e`, { s: siteKey, v: vid, e: [{ i: 'c', t: 'tr', ts: Date.now(), n: 'demo_requested', d: { plan: 'pro' } }] }, ip)
      ingestMs.push(performance.now() - t0)
      if (raise.status !== 202) return empty(`demo_requested answered ${raise.status}: ${JSON.stringify(raise.json)}`)
      const msg = await rx.waitFor((m) => m.body.includes(email), waitMs)
      if (msg) samples.push(msg.at - t0)
      else if (++missed >= 3 && samples.length === 0) return empty(`no Slack message within ${waitMs} ms for the first ${missed} SQL leads`)
    }
    // A moment for any duplicate to show up: each lead must alert exactly once.
    await new Promise((r) => setTimeout(r, 1_000))
    const perLead = samples.length ? countPerLead(rx.requests, count) : []
    return {
      p50Ms: percentile(samples, 50),
      p95Ms: percentile(samples, 95),
      samples: samples.length,
      missed,
      duplicates: perLead.reduce((n, c) => n + Math.max(0, c - 1), 0),
      ingestP50Ms: percentile(ingestMs, 50),
      note: null,
    }
  } finally {
    await rx.close()
  }
}

function countPerLead(messages, count) {
  const out = []
  for (let i = 0; i < count; i++) out.push(messages.filter((m) => m.body.includes(`buyer${i}@benchco${i}.io`)).length)
  return out
}

const empty = (note) => ({ p50Ms: null, p95Ms: null, samples: 0, missed: 0, duplicates: 0, ingestP50Ms: null, note })
