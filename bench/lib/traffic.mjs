// Realistic ingest traffic for the bench: many distinct visitors, each browsing one session of page
// views and engaged time, some downloading a document, one in eight identifying through a form. The
// same visitor's batches are spread far apart in the feed, so concurrent requests hit different
// visitors (as real traffic does) instead of racing on one row.
import { seededRandom as seeded } from '../../worker/calibration/seeded-random.js'

/** Events in one visitor's session; divisible by every batch size the bench uses (1, 10). */
export const JOURNEY_EVENTS = 20

const PAGES = [
  ['/', 'Leadbeacon — lead scoring at the edge'],
  ['/features', 'Features'],
  ['/pricing', 'Pricing'],
  ['/pricing', 'Pricing'],
  ['/blog/edge-lead-scoring', 'Scoring leads at the edge'],
  ['/blog/b2b-intent-signals', 'B2B intent signals'],
  ['/docs/getting-started', 'Getting started'],
  ['/customers', 'Customers'],
  ['/integrations/slack', 'Slack integration'],
  ['/resources', 'Resources'],
  ['/about', 'About us'],
  ['/careers', 'Careers'],
]
const REFERRERS = ['https://www.google.com/', 'https://www.linkedin.com/', 'https://news.ycombinator.com/', undefined]
const TITLES = ['CTO', 'VP Engineering', 'Head of Growth', 'Marketing Manager', 'Software Engineer', 'Founder']

// the shared seeded PRNG (mulberry32): the same seed gives the same traffic on every run
export { seeded }

/**
 * One visitor's session as wire events (`snippet/types.ts`), oldest first, ending at `end` (ms).
 * Event ids are `<session>.<n>` so several sessions of one visitor never collide.
 * @example
 * const events = journey(seeded(1), { end: Date.now(), session: 0, email: 'ana@acme1.io' })
 * events.length // 20
 */
export function journey(rnd, { end, session = 0, email = null }) {
  const out = []
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)]
  const visits = JOURNEY_EVENTS / 2
  // The identify lands mid-session, where a newsletter or whitepaper form would be.
  const formAt = email ? 3 + Math.floor(rnd() * (visits - 4)) : -1
  const downloadAt = rnd() < 0.3 ? 2 + Math.floor(rnd() * (visits - 3)) : -1
  let t = end - JOURNEY_EVENTS * 20_000
  const id = () => `${session}.${out.length}`
  for (let k = 0; k < visits; k++) {
    const [path, title] = k === 0 ? PAGES[0] : pick(PAGES)
    t += 2_000 + Math.floor(rnd() * 15_000)
    const pv = { i: id(), t: 'pv', ts: t, p: path, ti: title }
    if (k === 0) {
      const r = pick(REFERRERS)
      if (r) pv.r = r
      if (rnd() < 0.3) pv.p = '/?utm_source=linkedin&utm_campaign=q4-launch'
    }
    out.push(pv)
    t += 3_000 + Math.floor(rnd() * 20_000)
    if (k === formAt) {
      const d = { email, company: companyOf(email), title: pick(TITLES) }
      out.push({ i: id(), t: 'form', ts: t, p: '/newsletter', f: 'newsletter-signup', d })
    } else if (k === downloadAt) {
      out.push({ i: id(), t: 'dl', ts: t, p: path, u: 'https://leadbeacon.example/files/edge-scoring-whitepaper.pdf' })
    } else {
      out.push({ i: id(), t: 'eng', ts: t, p: path, n: 3 + Math.floor(rnd() * 60) })
    }
  }
  return out
}

const companyOf = (email) => {
  const host = email.split('@')[1].split('.')[0]
  return host.charAt(0).toUpperCase() + host.slice(1)
}

/**
 * A stable client address per synthetic visitor (in 10.0.0.0/8, sent as `CF-Connecting-IP`): real
 * visitors come from many addresses, so per-address ingest limits must not throttle the bench.
 * @example
 * clientIp('o10r1-3') // '10.93.18.201'
 */
export function clientIp(vid) {
  let h = 2166136261
  for (let i = 0; i < vid.length; i++) h = Math.imul(h ^ vid.charCodeAt(i), 16777619)
  h >>>= 0
  return `10.${(h >>> 16) & 255}.${(h >>> 8) & 255}.${h & 255}`
}

/**
 * An endless feed of `POST /e` bodies of exactly `batchSize` events each. `pool` visitors browse at
 * once and take turns, so one visitor's consecutive batches are `pool` requests apart; a visitor who
 * has sent its whole session is replaced by a new one. Visitor ids start with `prefix` (unique per
 * phase), so no phase re-sends what another already stored.
 * @example
 * const feed = createFeed({ siteKey: 'demo', batchSize: 10, prefix: 'o10r1', seed: 7 })
 * const body = feed.next() // '{"s":"demo","v":"o10r1-0","e":[…10 events…]}'
 */
export function createFeed({ siteKey, batchSize, prefix, seed, pool = 64, identifyEvery = 8, now = Date.now }) {
  if (JOURNEY_EVENTS % batchSize !== 0) throw new RangeError(`batchSize must divide ${JOURNEY_EVENTS}`)
  const rnd = seeded(seed)
  let made = 0
  const fresh = () => {
    const n = made++
    const vid = `${prefix}-${n}`
    const email = n % identifyEvery === identifyEvery - 1 ? `${vid}@acme${n % 97}.io` : null
    return { vid, events: journey(rnd, { end: now(), email }), sent: 0 }
  }
  const active = []
  let turn = 0
  let lastVid = null
  return {
    batchSize,
    /** the client address of the visitor of the last batch `next()` gave */
    get lastIp() {
      return lastVid === null ? null : clientIp(lastVid)
    },
    /** how many visitors the feed has started so far */
    get visitors() {
      return made
    },
    next() {
      const slot = turn++ % pool
      if (!active[slot] || active[slot].sent >= JOURNEY_EVENTS) active[slot] = fresh()
      const v = active[slot]
      const e = v.events.slice(v.sent, v.sent + batchSize)
      v.sent += batchSize
      lastVid = v.vid
      return JSON.stringify({ s: siteKey, v: v.vid, e })
    },
  }
}
