import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { apiGet, createSite, expectProblem } from '../helpers'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const T0 = Date.UTC(2026, 0, 1)

type Spec = {
  score: number
  mql?: boolean
  sql?: boolean
  /** hours from SQL to acceptance */
  acceptAfterH?: number
  disqualify?: string
  recycle?: string
  outcome?: 'won' | 'lost'
  slaReminder?: boolean
  firstSeenAt?: number
}

/** Writes a lead with its transitions (and SLA reminder row) exactly as the Worker would have. */
async function insertLead(siteId: string, i: number, s: Spec) {
  const id = `ld_f${siteId.slice(-6)}_${i}`
  const seen = s.firstSeenAt ?? T0 + i * HOUR
  const sqlAt = s.sql ? seen + 10 * 60_000 : null
  const mqlAt = s.mql || s.sql ? seen + 5 * 60_000 : null
  const stmts = [
    env.DB.prepare(
      'insert into leads (id, site_id, email, score, scored_at, first_seen_at, last_seen_at, created_at, stage, outcome, mql_at, sql_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).bind(id, siteId, `p${i}@funnel.test`, s.score, seen, seen, seen, seen, 'known', s.outcome ?? null, mqlAt, sqlAt),
  ]
  const tr = (to: string, at: number, reason: string | null = null) =>
    env.DB.prepare("insert into stage_transitions (id, site_id, lead_id, from_stage, to_stage, epoch, source, reason, at) values (?, ?, ?, 'x', ?, ?, 'test', ?, ?)").bind(
      `tr_${id}_${to}`, siteId, id, to, at, reason, at,
    )
  if (mqlAt) stmts.push(tr('mql', mqlAt))
  if (sqlAt) {
    stmts.push(tr('sql', sqlAt))
    if (s.acceptAfterH !== undefined) stmts.push(tr('accepted', sqlAt + s.acceptAfterH * HOUR))
    if (s.disqualify) stmts.push(tr('disqualified', sqlAt + HOUR, s.disqualify))
    if (s.recycle) stmts.push(tr('recycled', sqlAt + HOUR, s.recycle))
    const alert = (suffix: string) =>
      env.DB.prepare("insert into alerts (id, site_id, lead_id, transition_id, channel, status, next_attempt_at, payload, created_at) values (?, ?, ?, ?, 'log', 'sent', 0, '{}', 0)").bind(
        `tr_${id}_sql${suffix}.log`, siteId, id, `tr_${id}_sql${suffix}`,
      )
    stmts.push(alert(''))
    if (s.slaReminder) stmts.push(alert('.sla'))
  }
  await env.DB.batch(stmts)
}

describe('GET /api/v1/funnel', () => {
  it('matches a hand-computed fixture of 30 leads', async () => {
    const site = await createSite()
    const specs: Spec[] = []
    for (let i = 0; i < 10; i++) specs.push({ score: 20 }) // 0–9 known only
    for (let i = 10; i < 18; i++) specs.push({ score: 110, mql: true }) // 10–17 MQL only
    const acceptH = [1, 2, 3, 4, 5, 30]
    for (let i = 18; i < 24; i++) specs.push({ score: 200, sql: true, acceptAfterH: acceptH[i - 18] }) // 18–23 accepted
    specs.push({ score: 180, sql: true, disqualify: 'no budget' }, { score: 180, sql: true, disqualify: 'no budget' }, { score: 180, sql: true, disqualify: 'spam' }) // 24–26
    specs.push({ score: 190, sql: true, recycle: 'bad timing' }) // 27
    specs.push({ score: 175, sql: true, slaReminder: true }, { score: 175, sql: true }) // 28–29 waiting
    specs[23].slaReminder = true // accepted after 30 h: a breach too
    // outcomes and the scores the bands read
    Object.assign(specs[5], { outcome: 'won', score: 20 }) // <50
    Object.assign(specs[12], { outcome: 'lost', score: 120 }) // 100-169
    Object.assign(specs[18], { outcome: 'won', score: 180 }) // 170-249
    Object.assign(specs[19], { outcome: 'won', score: 260 }) // 250+
    Object.assign(specs[20], { outcome: 'won', score: 200 }) // 170-249
    Object.assign(specs[21], { outcome: 'lost', score: 175 }) // 170-249
    Object.assign(specs[22], { outcome: 'lost', score: 300 }) // 250+
    // outside the window: they would change every number if counted
    specs.push({ score: 400, sql: true, acceptAfterH: 100, outcome: 'won', slaReminder: true, disqualify: 'no need', firstSeenAt: T0 - DAY })
    specs.push({ score: 10, sql: true, acceptAfterH: 100, outcome: 'won', firstSeenAt: T0 + 30 * DAY })
    for (const [i, s] of specs.entries()) await insertLead(site.id, i, s)

    const since = new Date(T0).toISOString()
    const until = new Date(T0 + 30 * DAY).toISOString()
    const res = await apiGet(`/api/v1/funnel?since=${since}&until=${until}`, site.apiKey)
    expect(res.status, await res.clone().text()).toBe(200)
    expect(await res.json()).toEqual({
      since: '2026-01-01T00:00:00.000Z',
      until: '2026-01-31T00:00:00.000Z',
      reached: { known: 30, mql: 20, sql: 12, accepted: 6, disqualified: 3, recycled: 1, won: 4, lost: 3 },
      // 20/30, 12/20, 6/12, and 3 of the 6 accepted were won (lead 5 was won without sales accepting it)
      conversion: { knownToMql: 0.6667, mqlToSql: 0.6, sqlToAccepted: 0.5, acceptedToWon: 0.5 },
      // median of 1, 2, 3, 4, 5, 30 hours
      medianHoursToAccept: 3.5,
      slaBreaches: 2,
      disqualificationReasons: [
        { reason: 'no budget', count: 2 },
        { reason: 'spam', count: 1 },
      ],
      winRateByScoreBand: [
        { band: '<50', withOutcome: 1, won: 1, winRate: 1 },
        { band: '50-99', withOutcome: 0, won: 0, winRate: null },
        { band: '100-169', withOutcome: 1, won: 0, winRate: 0 },
        { band: '170-249', withOutcome: 3, won: 2, winRate: 0.6667 },
        { band: '250+', withOutcome: 2, won: 1, winRate: 0.5 },
      ],
    })

    // another site's key sees none of it
    const other = await createSite()
    const theirs = (await (await apiGet(`/api/v1/funnel?since=${since}&until=${until}`, other.apiKey)).json()) as { reached: { known: number } }
    expect(theirs.reached.known).toBe(0)
    await expectProblem(await apiGet(`/api/v1/funnel?since=${until}&until=${since}`, site.apiKey), 400)
    await expectProblem(await apiGet('/api/v1/funnel?since=yesterday', site.apiKey), 400)
  })
})
