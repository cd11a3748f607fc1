#!/usr/bin/env node
// Seeds the local demo site with a few dozen realistic leads through the Worker's real endpoints: each
// person's visits are sent to POST /e as the snippet would send them (back-dated up to four weeks, so
// decay and the score-over-time chart have something to show), then sales decisions and outcomes go
// through PATCH /api/v1/leads/{id}. Deterministic (a seeded generator, fixed event ids): running it
// again stores nothing new. Usage: node scripts/seed-demo.mjs [http://127.0.0.1:8787]
import { seededRandom } from '../worker/calibration/seeded-random.js'
import { DEMO_API_KEY, DEMO_SITE_KEY } from './lib.mjs'

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36'
const DAY = 86_400_000

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dev', 'Emma', 'Farid', 'Grace', 'Hiro', 'Inès', 'Jonas', 'Kemi', 'Lars', 'Maya', 'Nikhil', 'Olga', 'Pedro', 'Quinn', 'Rosa', 'Sam', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Yara', 'Zoe', 'Aiko', 'Bruno', 'Carmen', 'Diego', 'Elif', 'Femi', 'Greta', 'Hassan', 'Ingrid', 'Jamal', 'Kaia']
const LAST = ['Silva', 'Okafor', 'Martin', 'Patel', 'Schmidt', 'Haddad', 'Kim', 'Tanaka', 'Dubois', 'Berg', 'Adeyemi', 'Nilsson', 'Cohen', 'Rao', 'Ivanova', 'Costa', 'Walsh', 'Moreno', 'Fischer', 'Aziz']
const COMPANIES = [
  ['Northwind Logistics', 'northwind.io', '1200'], ['Acme Industries', 'acme-industries.io', '450'], ['Globex', 'globex.com', '3000'],
  ['Initech', 'initech.dev', '180'], ['Umbrella Health', 'umbrella-health.com', '900'], ['Hooli Cloud', 'hooli.cloud', '60'],
  ['Stark Analytics', 'stark-analytics.com', '25'], ['Wayne Retail', 'wayneretail.com', '700'], ['Tyrell Bio', 'tyrell.bio', '120'],
  ['Soylent Foods', 'soylent.co', '40'], ['Cyberdyne Systems', 'cyberdyne.ai', '2200'], ['Vandelay Imports', 'vandelay.com', '15'],
]
const TITLES = {
  exec: ['CEO', 'CTO', 'Founder', 'COO', 'Chief Revenue Officer'],
  vp: ['VP Engineering', 'VP Sales', 'Head of Growth', 'VP Marketing'],
  dir: ['Director of Operations', 'IT Director', 'Marketing Director'],
  mgr: ['Product Manager', 'Senior Engineer', 'Team Lead', 'Marketing Manager'],
  junior: ['Intern', 'Student'],
}
const BROWSE = ['/', '/features', '/customers', '/case-studies/northwind', '/integrations', '/blog/lead-scoring-101', '/blog/decay', '/compare', '/docs/quickstart']
const REFERRERS = ['https://www.google.com/', 'https://www.linkedin.com/', 'https://news.ycombinator.com/', '']

// archetypes: how many visits, what they do, and what sales later decide
const KINDS = [
  { kind: 'hot', n: 9, titles: 'exec', visits: [4, 7], pricing: 0.6, download: 0.5, handRaise: true },
  { kind: 'warm', n: 10, titles: 'vp', visits: [3, 6], pricing: 0.45, download: 0.4, form: 'contact' },
  { kind: 'mid', n: 9, titles: 'dir', visits: [2, 4], pricing: 0.25, download: 0.3, form: 'newsletter' },
  { kind: 'cool', n: 6, titles: 'mgr', visits: [1, 2], pricing: 0.1, download: 0.1, form: 'newsletter' },
  { kind: 'noise', n: 2, titles: 'junior', visits: [1, 2], pricing: 0, download: 0, form: 'newsletter', careers: true },
]

/** The demo people and their visits, relative to `now`. */
export function demoPeople(now) {
  // seeded, so every run makes the same people and visits
  const r = seededRandom(20261130)
  const pick = (xs) => xs[Math.floor(r() * xs.length)]
  const people = []
  let i = 0
  for (const k of KINDS) {
    for (let j = 0; j < k.n; j++, i++) {
      const [company, domain, size] = COMPANIES[i % COMPANIES.length]
      const first = FIRST[i % FIRST.length]
      const last = LAST[(i * 7) % LAST.length]
      const email = `${first.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase()}.${last.toLowerCase()}@${domain}`
      const nVisits = k.visits[0] + Math.floor(r() * (k.visits[1] - k.visits[0] + 1))
      // visits spread over the last four weeks, the last one recent for the hot ones
      const span = (k.kind === 'hot' ? 12 : 26) * DAY
      const starts = Array.from({ length: nVisits }, () => now - Math.floor(r() * span) - 2 * 3_600_000).sort((a, b) => a - b)
      const visits = starts.map((start, v) => {
        const evs = []
        let t = start
        const pages = 2 + Math.floor(r() * 4)
        for (let p = 0; p < pages; p++) {
          const path = r() < k.pricing ? '/pricing' : k.careers && r() < 0.5 ? '/careers' : pick(BROWSE)
          evs.push({ t: 'pv', ts: t, p: path, ti: path, ...(v === 0 && p === 0 ? { r: pick(REFERRERS) } : {}) })
          t += 20_000 + Math.floor(r() * 90_000)
          evs.push({ t: 'eng', ts: t, p: path, n: 15 + Math.floor(r() * 120) })
          t += 5_000
        }
        if (r() < k.download) {
          evs.push({ t: 'dl', ts: t, p: '/resources', u: 'https://demo.leadbeacon.dev/files/roi-guide.pdf' })
          t += 10_000
        }
        const lastVisit = v === nVisits - 1
        if (v === Math.min(1, nVisits - 1)) {
          const form = k.form === 'contact' ? 'contact' : k.handRaise ? 'contact' : 'newsletter'
          evs.push({ t: 'form', ts: t, p: `/${form}`, f: form, d: { email, name: `${first} ${last}`, company, title: pick(TITLES[k.titles]), companySize: size } })
          t += 2_000
        }
        if (lastVisit && k.handRaise) evs.push({ t: 'tr', ts: t + 30_000, n: 'demo_requested', d: { plan: pick(['team', 'business']) } })
        return evs
      })
      people.push({ email, kind: k.kind, visits })
    }
  }
  return people
}

// what sales decided, by position among the archetypes (indexes into demoPeople())
const DECISIONS = { 0: { outcome: 'won', stage: 'accepted' }, 1: { outcome: 'won', stage: 'accepted' }, 2: { stage: 'accepted' }, 3: { outcome: 'lost' }, 9: { outcome: 'won', stage: 'accepted' }, 10: { outcome: 'lost' }, 11: { stage: 'disqualified', outcome: 'lost' }, 19: { outcome: 'lost' } }

/**
 * Seeds the demo site on the Worker at `base` and returns how many leads it holds afterwards.
 * @example
 * await seedDemo('http://127.0.0.1:8787')
 */
export async function seedDemo(base, now = Date.now()) {
  return (await seedDemoSite(base, { now })).leads
}

/**
 * Seeds the demo site and says what it changed. Idempotent: a second run (any time later) sends the
 * same event ids, which ingest counts as duplicates, and the same sales decisions, which change
 * nothing already decided; `stored` and `decided` are then 0 and the site is as it was.
 * @example
 * const { leads, stored, decided } = await seedDemoSite('http://127.0.0.1:8787')
 */
export async function seedDemoSite(base, { now = Date.now(), fetch: send = fetch } = {}) {
  const api = (path, init = {}) => send(base + path, { ...init, headers: { Authorization: `Bearer ${DEMO_API_KEY}`, 'Content-Type': 'application/json', ...init.headers } })
  const post = async (body, headers) => {
    const res = await send(`${base}/e`, { method: 'POST', headers: { 'Content-Type': 'text/plain', Origin: 'http://localhost', 'User-Agent': UA, ...headers }, body: JSON.stringify(body) })
    if (res.status !== 202) throw new Error(`POST /e → ${res.status} ${await res.text()}`)
    return (await res.json()).accepted
  }
  const people = demoPeople(now)
  let stored = 0
  let decided = 0
  for (const [n, person] of people.entries()) {
    const vid = `demo-seed-${n}`
    let eid = 0
    for (const visit of person.visits) {
      // ids are stable per run of visits, so a second seeding is all duplicates
      const batch = visit.map((e) => ({ i: `s${eid++}`, ...e }))
      // a synthetic visitor gets its own address (198.18.0.0/15, for benchmarks), so ingest limits never throttle the seed
      const ip = { 'CF-Connecting-IP': `198.18.${(n >> 8) & 255}.${n & 255}` }
      for (let k = 0; k < batch.length; k += 50) stored += await post({ s: DEMO_SITE_KEY, v: vid, e: batch.slice(k, k + 50) }, ip)
    }
  }
  for (const [n, d] of Object.entries(DECISIONS)) {
    const person = people[Number(n)]
    const found = await (await api(`/api/v1/leads?email=${encodeURIComponent(person.email)}`)).json()
    const lead = found.data?.[0]
    if (!lead) continue
    // only what is not decided yet: a second run changes nothing
    const todo = Object.fromEntries(Object.entries(d).filter(([k, v]) => lead[k] !== v))
    if (Object.keys(todo).length === 0) continue
    const res = await api(`/api/v1/leads/${lead.id}`, { method: 'PATCH', body: JSON.stringify(todo) })
    if (!res.ok) throw new Error(`PATCH ${person.email} → ${res.status} ${await res.text()}`)
    decided++
  }
  const list = await (await api('/api/v1/leads?limit=200')).json()
  return { leads: list.data.length, stored, decided }
}

/**
 * For `npm run dev`: waits for the Worker at `base` to answer, seeds the demo site, and prints where the
 * app is and which key signs in. Never throws (a failed seeding must not stop the dev server).
 * @example
 * seedWhenUp('http://127.0.0.1:8787')
 */
export async function seedWhenUp(base) {
  try {
    for (let i = 0; !(await fetch(`${base}/health`).then((r) => r.ok, () => false)); i++) {
      if (i > 240) throw new Error(`${base}/health did not answer within a minute`)
      await new Promise((r) => setTimeout(r, 250))
    }
    const { leads, stored } = await seedDemoSite(base)
    const what = stored ? `${leads} demo leads` : `${leads} demo leads, seeded before: nothing new`
    console.log(`\n  • App          ${base}/app   (sign in with the demo API key ${DEMO_API_KEY}; ${what})\n`)
  } catch (err) {
    console.error(`\n  ✖ demo leads not seeded: ${err.message}\n`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const base = process.argv[2] ?? 'http://127.0.0.1:8787'
  const { leads, stored, decided } = await seedDemoSite(base)
  const what = stored || decided ? `seeded the demo site: ${stored} events, ${decided} sales decisions` : 'the demo site was already seeded: nothing new stored'
  console.log(`${what}; ${leads} leads — open ${base}/app and sign in with ${DEMO_API_KEY}`)
}
