// Leads with a long stored history, for the "does ingest cost grow with history?" figures. Seeded
// straight into the local D1 with bulk SQL before the Worker starts (minutes of ingest otherwise), then
// driven with 10-event batches like any visitor's.
import { clientIp } from './traffic.mjs'

/**
 * SQL that creates `leads` identified leads on `siteId`, each with one visitor `<prefix>-<k>` and
 * `events` stored events (page views and engaged time, one a minute, ending now).
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
    ` ${now} - (${events} - n.i) * 60000, ${now} FROM n, visitors v WHERE v.site_id = '${siteId}' AND v.vid LIKE '${prefix}-%';`,
  )
  return rows.join('\n')
}

/**
 * A feed of 10-event batches (page view + engaged time) to the seeded long-history visitors in turn;
 * every event id is new, so each batch adds to a history already ≥ `events` long.
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
      const t = now() - 10_000
      const e = []
      for (let j = 0; j < 10; j += 2) {
        const p = j === 0 ? '/pricing' : '/docs/getting-started'
        e.push({ i: `${tag}.${round}.${j}`, t: 'pv', ts: t + j * 500, p, ti: 'Page' })
        e.push({ i: `${tag}.${round}.${j + 1}`, t: 'eng', ts: t + j * 500 + 400, p, n: 15 })
      }
      return JSON.stringify({ s: siteKey, v: vid, e })
    },
  }
}
