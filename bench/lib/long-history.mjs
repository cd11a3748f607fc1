// Leads with a long stored history, for the "does ingest cost grow with history?" figures. Seeded
// straight into the local D1 with bulk SQL before the Worker starts (minutes of ingest otherwise), then
// driven with 10-event batches like any visitor's. Seeded events were received when they happened (one
// a minute, ending a minute ago) and carry no scoring state: the first batch on each lead is scored from
// its stored history (the fallback), the next ones incrementally.
import { clientIp } from './traffic.mjs'

/**
 * SQL that creates `leads` identified leads on `siteId` (ids `ld_<prefix>_<k>`), each with one visitor
 * `<prefix>-<k>` and `events` stored events (page views and engaged time, one a minute, ending now).
 * @example
 * wrangler(['d1', 'execute', 'DB', '--local', '--command', longHistorySql({ leads: 16, events: 5000 })])
 */
export function longHistorySql({ siteId = 'site_demo', leads = 16, events = 5000, prefix = 'long', now = Date.now() } = {}) {
  const rows = []
  for (let k = 0; k < leads; k++) {
    rows.push(
      `INSERT INTO leads (id, site_id, email, account_domain, scored_at, first_seen_at, last_seen_at, created_at) VALUES ('ld_${prefix}_${k}', '${siteId}', '${prefix}${k}@longco${k}.io', 'longco${k}.io', ${now}, ${now - events * 60_000}, ${now}, ${now});`,
      `INSERT INTO visitors (id, site_id, vid, lead_id, scored_at, first_seen_at, last_seen_at) VALUES ('vi_${prefix}_${k}', '${siteId}', '${prefix}-${k}', 'ld_${prefix}_${k}', ${now}, ${now - events * 60_000}, ${now});`,
    )
  }
  // One statement for all the events: a recursive counter crossed with the seeded visitors.
  rows.push(
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${events - 1})`,
    ' INSERT INTO events (site_id, visitor_id, lead_id, eid, type, path, seconds, at, received_at)',
    ` SELECT v.site_id, v.id, v.lead_id, 'h' || n.i, CASE n.i % 2 WHEN 0 THEN 'page_view' ELSE 'engaged' END,`,
    ` CASE n.i % 5 WHEN 0 THEN '/pricing' ELSE '/blog/b2b-intent-signals' END, CASE n.i % 2 WHEN 1 THEN 20 END,`,
    ` ${now} - (${events} - n.i) * 60000, ${now} - (${events} - n.i) * 60000 FROM n, visitors v WHERE v.site_id = '${siteId}' AND v.vid LIKE '${prefix}-%';`,
  )
  return rows.join('\n')
}

// The newest event time sent to each long-history visitor by any feed of this process: a visitor's
// batches follow each other in time, as a real tab's do, so each one extends the stored state
// (a batch older than the last one would be a late batch, scored from the history: the fallback).
const lastSent = new Map()

/**
 * A feed of 10-event batches (page view + engaged time, 20 ms apart) to the seeded long-history
 * visitors in turn; every event id is new and every batch later than the visitor's previous one, so
 * each adds to a history already ≥ `events` long.
 * @example
 * const feed = createLongFeed({ siteKey: 'demo', leads: 16, tag: 'r1' }); feed.next()
 */
export function createLongFeed({ siteKey, leads = 16, prefix = 'long', tag = 'x', now = Date.now }) {
  let n = 0
  let lastVid = null
  return {
    batchSize: 10,
    get visitors() {
      return leads
    },
    get lastIp() {
      return lastVid === null ? null : clientIp(lastVid)
    },
    next() {
      const k = n % leads
      const round = Math.floor(n++ / leads)
      const vid = `${prefix}-${k}`
      lastVid = vid
      const t = Math.max(now() - 2_000, (lastSent.get(vid) ?? 0) + 1)
      const e = []
      for (let j = 0; j < 10; j += 2) {
        const p = j === 0 ? '/pricing' : '/docs/getting-started'
        e.push({ i: `${tag}.${round}.${j}`, t: 'pv', ts: t + j * 20, p, ti: 'Page' })
        e.push({ i: `${tag}.${round}.${j + 1}`, t: 'eng', ts: t + j * 20 + 10, p, n: 15 })
      }
      lastSent.set(vid, t + 9 * 20)
      return JSON.stringify({ s: siteKey, v: vid, e })
    },
  }
}

/**
 * Sends one batch from `feed` to each long-history lead in turn (one request at a time), as a load
 * phase's result: the first batch on a seeded lead has no scoring state to build on, so it is scored
 * from the stored history. Measured apart from the steady state that follows.
 * @example
 * const r = await firstBatches({ base, feed: createLongFeed({ siteKey, leads: 16, tag: 'warm' }), leads: 16 })
 */
export async function firstBatches({ base, feed, leads, origin = 'http://localhost', userAgent }) {
  const statuses = {}
  let accepted = 0
  let duplicates = 0
  let dropped = 0
  for (let k = 0; k < leads; k++) {
    const body = feed.next()
    const res = await fetch(`${base}/e`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin, 'user-agent': userAgent, 'cf-connecting-ip': feed.lastIp },
    })
    statuses[res.status] = (statuses[res.status] ?? 0) + 1
    let j = {}
    if (res.status === 202) j = await res.json()
    else await res.arrayBuffer()
    accepted += j.accepted ?? 0
    duplicates += j.duplicates ?? 0
    dropped += j.dropped ?? 0
  }
  return { requests: leads, batchSize: feed.batchSize, accepted, duplicates, dropped, statuses, errors: 0 }
}

/**
 * Throws unless every request of a phase was answered 202 with all its events stored: a long-history
 * figure measured on refused or dropped batches would measure the wrong path.
 * @example
 * assertAllAccepted('long history, slice 1', phaseResult)
 */
export function assertAllAccepted(label, r) {
  const ok = r.statuses[202] ?? 0
  if (ok === 0 || ok !== r.requests || r.errors > 0 || r.accepted !== r.requests * r.batchSize || r.dropped > 0 || r.duplicates > 0) {
    throw new Error(
      `${label}: ${r.accepted} of ${r.requests * r.batchSize} events stored (statuses ${JSON.stringify(r.statuses)}, dropped ${r.dropped}, duplicates ${r.duplicates}, errors ${r.errors})`,
    )
  }
}

/**
 * SQL that answers the stored events of the seeded long-history leads: fewest, most, and how many leads.
 * @example
 * wrangler(['d1', 'execute', 'DB', '--local', '--json', '--command', longHistoryCountSql()])
 */
export function longHistoryCountSql({ prefix = 'long' } = {}) {
  return `SELECT count(*) AS leads, min(n) AS fewest, max(n) AS most FROM (SELECT count(*) AS n FROM events WHERE lead_id LIKE 'ld_${prefix}_%' GROUP BY lead_id)`
}
