import { env } from 'cloudflare:test'
import { eq } from 'drizzle-orm'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { leads } from '../../../schema/tables'
import { database } from '../../../worker/db/client'
import { decayedScoreSql } from '../../../worker/db/decayed-score'
import { currentScores, DEFAULT_MODEL, type DecayState, type Model, ModelSchema } from '../../../worker/scoring'
import { createSite, rows, uid } from '../helpers'
import { call, json, makeLead, type Page } from './api-helpers'

const DAY = 86_400_000
const NOW = Date.parse('2026-06-01T12:00:00Z')

const OTHER_MODEL: Model = ModelSchema.parse({
  ...DEFAULT_MODEL,
  halfLifeDays: 7,
  groups: { ...DEFAULT_MODEL.groups, pages: { label: 'Pages', max: 3, pick: 'sum' }, negative: { label: 'neg', min: -5, pick: 'sum' } },
  limits: { engagement: { min: -20, max: 60 }, fit: { min: -40, max: 80 }, total: { min: -30, max: 100 } },
})

const behaviourGroups = ['pages', 'visits', 'intent', 'content', 'dwell', 'forms', 'handraise', 'negative', 'unknown-group']

const stateArb: fc.Arbitrary<DecayState> = fc.record({
  v: fc.constant(1 as const),
  at: fc.integer({ min: NOW - 400 * DAY, max: NOW }),
  anchor: fc.option(fc.integer({ min: NOW - 400 * DAY, max: NOW + DAY }), { nil: null }),
  groups: fc.dictionary(fc.constantFrom(...behaviourGroups), fc.oneof(fc.double({ min: -30, max: 80, noNaN: true }), fc.double({ min: -300, max: 600, noNaN: true }))),
  fit: fc.oneof(fc.integer({ min: -40, max: 80 }), fc.double({ min: -40, max: 80, noNaN: true })),
})

async function sqlScores(siteId: string, states: DecayState[], model: Model, now: number): Promise<number[]> {
  const db = database(env.DB)
  const ids = states.map(() => uid('ld'))
  const base = { siteId, score: 0, scoredAt: now, firstSeenAt: now, lastSeenAt: now, createdAt: now }
  for (let i = 0; i < states.length; i += 5) {
    await db.insert(leads).values(states.slice(i, i + 5).map((s, k) => ({ ...base, id: ids[i + k], email: `${ids[i + k]}@mirror.test`, scoreState: JSON.parse(JSON.stringify(s)) })))
  }
  const got = await db.select({ id: leads.id, s: decayedScoreSql(model, now) }).from(leads).where(eq(leads.siteId, siteId))
  const byId = new Map(got.map((r) => [r.id, r.s]))
  await db.delete(leads).where(eq(leads.siteId, siteId))
  return ids.map((id) => byId.get(id)!)
}

describe('decayedScoreSql mirrors currentScores inside D1', () => {
  for (const [name, model] of [['the default model', DEFAULT_MODEL], ['a model with other bounds and half-life', OTHER_MODEL]] as const) {
    it(`gives the engine's score for random stored states (${name})`, async () => {
      const site = await createSite()
      const states = fc.sample(stateArb, { numRuns: 300, seed: 42 })
      for (const now of [NOW, NOW + 3 * DAY, NOW + 90 * DAY]) {
        const got = await sqlScores(site.id, states, model, now)
        const want = states.map((s) => currentScores(s, model, now).score)
        const diffs = states.map((s, i) => ({ s, sql: got[i], engine: want[i] })).filter((d) => d.sql !== d.engine)
        expect(diffs, JSON.stringify(diffs.slice(0, 3))).toEqual([])
      }
    }, 60_000)
  }

  it('falls back to the stored score for a lead never scored (no state)', async () => {
    const site = await createSite()
    const id = await makeLead(site, 'nostate@x.test')
    const db = database(env.DB)
    await db.update(leads).set({ scoreState: null, score: 42 }).where(eq(leads.id, id))
    const [r] = await db.select({ s: decayedScoreSql(DEFAULT_MODEL, Date.now()) }).from(leads).where(eq(leads.id, id))
    expect(r.s).toBe(42)
  })
})

describe('the list orders and filters by the score decayed to now', () => {
  it('puts a lead that went cold below a fresh one, although its stored score is higher', async () => {
    const site = await createSite()
    const cold = await makeLead(site, 'cold@x.test', { views: 8 })
    const fresh = await makeLead(site, 'fresh@x.test', { views: 3 })
    // age the cold lead by 120 days (4 half-lives): what the row would hold had it been scored then
    const [row] = await rows<{ score_state: string; score: number }>('select score_state, score from leads where id = ?', cold)
    const st = JSON.parse(row.score_state) as DecayState
    const shift = 120 * DAY
    const aged = { ...st, at: st.at - shift, anchor: st.anchor === null ? null : st.anchor - shift }
    await rows('update leads set score_state = ?, scored_at = ?, last_seen_at = last_seen_at - ? where id = ?', JSON.stringify(aged), aged.at, shift, cold)
    const page = await json<Page>(await call('GET', '/api/v1/leads', site.apiKey))
    expect(page.data.map((l) => l.id)).toEqual([fresh, cold])
    const [f, c] = page.data
    expect(f.score).toBeGreaterThan(c.score)
    expect(row.score).toBeGreaterThan(f.score) // stored (undecayed) order would have been the other way
    const hot = await json<Page>(await call('GET', `/api/v1/leads?minScore=${c.score + 1}`, site.apiKey))
    expect(hot.data.map((l) => l.id)).toEqual([fresh])
  })
})
