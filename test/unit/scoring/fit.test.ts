import { describe, expect, it } from 'vitest'
import { withLeadFileRules } from '../../../worker/calibration/lead-file-rules'
import { DEFAULT_MODEL } from '../../../worker/scoring/default-model'
import { scoreHistory } from '../../../worker/scoring/engine'
import { fitHits, leadingNumber } from '../../../worker/scoring/fit'
import type { ModelInput } from '../../../worker/scoring/model'
import type { Profile } from '../../../worker/scoring/types'
import { model, T0 } from './helpers'

const fitOf = (profile: Profile, m = DEFAULT_MODEL) => scoreHistory({ events: [], profile, model: m, now: T0 })

describe('fit rules (default model)', () => {
  it('authority: job-title seniority is a decision list (first matching band wins)', () => {
    const hits = (title: string) => fitHits({ title }, DEFAULT_MODEL).hits.filter((h) => h.group === 'authority').map((h) => h.rule)
    expect(hits('CEO & Co-Founder')).toEqual(['title-exec'])
    expect(hits('VP Engineering')).toEqual(['title-vp'])
    expect(hits('Director of Operations')).toEqual(['title-director'])
    expect(hits('Senior Product Manager')).toEqual(['title-manager'])
    expect(hits('Marketing Intern')).toEqual(['title-junior'])
    expect(hits('Accountant')).toEqual([])
  })

  it('budget: company-size bands from free text', () => {
    const band = (companySize: string) => fitHits({ companySize }, DEFAULT_MODEL).hits.find((h) => h.group === 'budget')?.rule ?? null
    expect(['10,000+', '1001-5000', '201-500', '51-200', '11-50', '1-10', 'unknown'].map(band)).toEqual([
      'size-1000', 'size-1000', 'size-200', 'size-50', 'size-11', null, null,
    ])
  })

  it('free-mail addresses lose points, business addresses do not', () => {
    expect(fitOf({ email: 'ada@gmail.com' }).fitScore).toBe(-10)
    expect(fitOf({ email: 'ada@acme.io' }).fitScore).toBe(0)
  })

  // occupation and do-not-email come only from lead files: their rules join the default for such files
  it('occupation (lead-file rules): working professionals gain, students lose, "unemployed" is not mistaken for "employed"', () => {
    const m = withLeadFileRules(DEFAULT_MODEL)
    expect(fitOf({ occupation: 'Working Professional' }, m).fitScore).toBe(40 + 30)
    expect(fitOf({ occupation: 'Unemployed' }, m).fitScore).toBe(30)
    expect(fitOf({ occupation: 'Student' }, m).fitScore).toBe(-5 + 30)
    expect(fitOf({}, m).fitScore).toBe(0)
    // the live default has no rule a browser could never feed
    expect(fitOf({ occupation: 'Working Professional' }).fitScore).toBe(0)
  })

  it('an email opt-out ticked on the sign-up form (lead-file rule) costs points; "no" does not', () => {
    const m = withLeadFileRules(DEFAULT_MODEL)
    expect(fitOf({ doNotEmail: 'yes' }, m).fitScore).toBe(-30)
    expect(fitOf({ doNotEmail: 'no' }, m).fitScore).toBe(0)
    expect(fitOf({ doNotEmail: 'yes' }).fitScore).toBe(0)
  })

  it('referred: the first touch source a referral tag gives, however it was typed', () => {
    for (const source of ['reference', 'word-of-mouth', 'partner', 'partners']) expect(fitOf({ source }).fitScore, source).toBe(40)
    expect(fitOf({ source: 'linkedin' }).fitScore).toBe(0)
  })

  it('every rule that matched is a feature, even when a decision list set it aside', () => {
    const f = fitOf({ title: 'VP, Director of Sales' }).features
    expect([f['rule:title-vp'], f['rule:title-director'], f['rule:title-exec']]).toEqual([1, 1, 0])
  })
})

describe('fit match kinds and caps', () => {
  const fit: ModelInput['fit'] = [
    { id: 'country', group: 'geo', field: 'country', points: 10, match: { kind: 'in', values: ['Germany', 'France'] } },
    { id: 'no-title', group: 'completeness', field: 'title', points: -5, match: { kind: 'missing' } },
    { id: 'big', group: 'size', field: 'companySize', points: 30, match: { kind: 'range', min: 100, max: 5000 } },
    { id: 'industry', group: 'size', field: 'industry', points: 30, match: { kind: 'pattern', pattern: 'software|saas' } },
  ]
  const m = model({
    groups: { geo: {}, completeness: {}, size: { max: 40 }, g: {} },
    fit,
    limits: { engagement: { min: -100, max: 100 }, fit: { min: -3, max: 35 }, total: { min: -100, max: 200 } },
  })

  it('in: exact, case-insensitive list (country)', () => {
    expect(fitHits({ country: ' germany ', title: 'x' }, m).hits.map((h) => h.rule)).toEqual(['country'])
    expect(fitHits({ country: 'Germany East', title: 'x' }, m).hits).toEqual([])
  })

  it('missing: blank counts as missing; range reads the first number', () => {
    expect(fitHits({ title: '  ' }, m).hits.map((h) => h.rule)).toEqual(['no-title'])
    expect(fitHits({ companySize: '6000', title: 'x' }, m).hits).toEqual([])
    expect([leadingNumber('2.5k'), leadingNumber('1,200 people'), leadingNumber('n/a')]).toEqual([2500, 1200, null])
  })

  it('group caps and the fit limit bound fitScore, with cap entries explaining the difference', () => {
    const r = fitOf({ title: 'x', companySize: '500', industry: 'SaaS', country: 'France' }, m)
    // size group 60 → 40, plus geo 10 = 50 → fit limit 35
    expect(r.fitScore).toBe(35)
    expect(r.breakdown.filter((b) => b.rule.startsWith('cap:')).map((b) => [b.rule, b.points])).toEqual([
      ['cap:size', -20],
      ['cap:fit', -15],
    ])
    expect(fitOf({}, m).fitScore).toBe(-3) // -5 floored at the fit limit's min
  })
})
