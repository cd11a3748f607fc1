import { describe, expect, it } from 'vitest'
import { DEFAULT_MODEL } from '../../../worker/scoring/default-model'
import { ModelSchema } from '../../../worker/scoring/model'
import { backtrackingCost, MAX_MATCH_INPUT, matches, patternProblem } from '../../../worker/scoring/patterns'

const issues = (input: unknown) => {
  const r = ModelSchema.safeParse(input)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}
const withRule = (rule: Record<string, unknown>) => ({ ...DEFAULT_MODEL, behaviour: [...DEFAULT_MODEL.behaviour, rule] })

describe('ModelSchema', () => {
  it('accepts the default model unchanged (defaults already explicit)', () => {
    expect(ModelSchema.parse(DEFAULT_MODEL)).toEqual(DEFAULT_MODEL)
  })

  it('is strict: an unknown or misspelt key is an error, not ignored', () => {
    expect(issues({ ...DEFAULT_MODEL, halfLife: 7 }).join()).toMatch(/unrecognized/i)
    expect(issues(withRule({ kind: 'event', id: 'x', group: 'pages', types: ['page_view'], points: 1, pth: '/a' })).join()).toMatch(/unrecognized/i)
  })

  it('fills defaults for omitted frequency and repeat options', () => {
    const m = ModelSchema.parse(withRule({ kind: 'repeat', id: 'r', group: 'intent', count: 2, withinDays: 7, points: 1 }))
    const r = m.behaviour.at(-1)
    expect(r).toMatchObject({ types: ['page_view'], distinct: 'event', frequency: { mode: 'window', max: 1, days: 7 } })
  })

  it('refuses patterns that do not compile or could backtrack catastrophically', () => {
    const bad = ['(', '(a+)+$', '(a|aa)*b', '(x*y?)+', '([a-z]+){2,}', '(a)\\1', 'a*b*c*d*', 'a'.repeat(201)]
    for (const p of bad) expect(issues(withRule({ kind: 'event', id: 'x', group: 'pages', types: ['page_view'], points: 1, path: p })), p).not.toEqual([])
  })

  it('bounds numbers and counts', () => {
    expect(issues(withRule({ kind: 'event', id: 'x', group: 'pages', types: ['page_view'], points: 201 }))).not.toEqual([])
    expect(issues({ ...DEFAULT_MODEL, halfLifeDays: 0 })).not.toEqual([])
    const many = Array.from({ length: 101 }, (_, i) => ({ kind: 'event', id: `r${i}`, group: 'pages', types: ['page_view'], points: 1 }))
    expect(issues({ ...DEFAULT_MODEL, behaviour: many }).join()).toMatch(/100/)
    expect(issues(withRule({ kind: 'event', id: 'x', group: 'pages', types: ['page_view'], points: 1, frequency: { mode: 'window', max: 0, days: 1 } }))).not.toEqual([])
  })

  it('checks the model as a whole', () => {
    const dup = DEFAULT_MODEL.behaviour[0]
    expect(issues(withRule({ ...dup })).join()).toMatch(/duplicate rule id/)
    expect(issues(withRule({ kind: 'event', id: 'x', group: 'nope', types: ['page_view'], points: 1 })).join()).toMatch(/unknown group/)
    expect(issues(withRule({ kind: 'event', id: 'x', group: 'budget', types: ['page_view'], points: 1 })).join()).toMatch(/both behaviour and fit/)
    expect(issues(withRule({ kind: 'engaged', id: 'x', group: 'negative', perSeconds: 10, points: 1 })).join()).toMatch(/capped group/)
    expect(issues({ ...DEFAULT_MODEL, thresholds: { mql: 100, sql: 100 } }).join()).toMatch(/sql must be greater/)
    expect(issues({ ...DEFAULT_MODEL, groups: { ...DEFAULT_MODEL.groups, pages: { max: 10, pick: 'first' } } }).join()).toMatch(/fit groups only/)
    expect(issues({ ...DEFAULT_MODEL, grades: { fit: [10, 20, 5], engagement: [80, 40, 10] } }).join()).toMatch(/descending/)
    expect(issues(withRule({ kind: 'session', id: 'x', group: 'visits', points: 1 })).join()).toMatch(/needs minPageViews/)
    expect(issues(withRule({ kind: 'event', id: 'x', group: 'constructor', types: ['page_view'], points: 1 })).join()).toMatch(/reserved name/)
  })
})

describe('patterns', () => {
  it('accepts ordinary patterns, including the contract hand-raise pattern and every default pattern', () => {
    for (const p of ['^/pricing', 'demo|quote|(contact|talk)[-_ ]?(to[-_ ]?)?sales', '(^|/)case-stud(y|ies)(/|$)', '\\.pdf$', 'a{2,5}', '^/blog/.*', '.', '\\S']) {
      expect(patternProblem(p), p).toBeNull()
    }
    const defaults = [
      ...DEFAULT_MODEL.pricingPatterns,
      ...DEFAULT_MODEL.behaviour.flatMap((r) => Object.values(r).filter((v): v is string => typeof v === 'string' && v !== r.id && v !== r.group && v !== r.label && v !== r.kind)),
      ...DEFAULT_MODEL.fit.flatMap((r) => (r.match.kind === 'pattern' ? [r.match.pattern] : [])),
    ]
    expect(defaults.length).toBeGreaterThan(8)
    for (const p of defaults) expect(patternProblem(p), p).toBeNull()
  })

  it('estimates backtracking: sequences multiply, alternatives add, unbounded quantifiers cost the input length', () => {
    expect(backtrackingCost('^/pricing')).toBe(MAX_MATCH_INPUT)
    expect(backtrackingCost('a|b|c')).toBe(3 * MAX_MATCH_INPUT)
    expect(backtrackingCost('x?y{2,4}')).toBe(2 * 3 * MAX_MATCH_INPUT)
    expect(backtrackingCost('\\w*\\w*!')).toBe(MAX_MATCH_INPUT ** 3)
    expect(backtrackingCost('[*+?]\\u{1F600}')).toBe(MAX_MATCH_INPUT)
  })

  it('explains each refusal', () => {
    expect(patternProblem('(a+)+')).toMatch(/catastrophic/)
    expect(patternProblem('(a)\\1')).toMatch(/back-references/)
    expect(patternProblem('\\w*\\w*\\w*!')).toMatch(/too ambiguous/)
    expect(patternProblem('[a-z]+[a-z]+$')).toMatch(/too ambiguous/)
    expect(patternProblem('a?'.repeat(40) + 'a'.repeat(40))).toMatch(/too ambiguous/)
    expect(patternProblem('(a)\\k<x>')).not.toBeNull()
    expect(patternProblem('[')).toMatch(/does not compile/)
  })

  it('matches case-insensitively, never on an absent value, and only on a bounded prefix', () => {
    expect(matches('^/pricing', '/PRICING/team')).toBe(true)
    expect(matches('x', undefined)).toBe(false)
    expect(matches('end$', `/${'a'.repeat(400)}end`)).toBe(false)
  })
})
