/**
 * Model patterns are strings written by marketers and compiled case-insensitively. JavaScript regexes
 * backtrack, so a hostile or careless pattern could burn a Worker's CPU budget on every event. We bound the
 * input (truncated to MAX_MATCH_INPUT) and the pattern: its length, no back-references, no repeated group
 * that itself contains a quantifier or an alternative (the exponential shapes), and an estimate of its
 * worst-case backtracking (the polynomial shapes such as `\w*\w*\w*x`) within MAX_BACKTRACK_STEPS.
 */

/**
 * Longest pattern source accepted.
 * @example
 * patternProblem('a'.repeat(MAX_PATTERN_LENGTH + 1)) // 'pattern longer than 200 characters'
 */
export const MAX_PATTERN_LENGTH = 200
/**
 * Paths, names and profile values longer than this are matched on their prefix only.
 * @example
 * matches('end$', '/' + 'a'.repeat(400) + 'end') // false: only the prefix is tested
 */
export const MAX_MATCH_INPUT = 300
/**
 * Budget of the estimated worst-case backtracking steps of one test (about a millisecond of CPU).
 */
export const MAX_BACKTRACK_STEPS = 1_000_000

/**
 * Why a pattern is refused, or null when it is acceptable.
 * @example
 * patternProblem('/pricing') // null
 * patternProblem('(a+)+$')   // 'a quantified group must not contain quantifiers or alternatives (catastrophic backtracking)'
 */
export function patternProblem(source: string): string | null {
  if (source.length === 0) return 'pattern is empty'
  if (source.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH} characters`
  try {
    new RegExp(source, 'i')
  } catch (e) {
    return `pattern does not compile: ${(e as Error).message}`
  }
  const cost = backtrackingCost(source)
  if (typeof cost === 'string') return cost
  if (cost > MAX_BACKTRACK_STEPS) {
    return `pattern too ambiguous (up to ${cost.toExponential(1)} backtracking steps, at most ${MAX_BACKTRACK_STEPS.toExponential(0)}): use one unbounded quantifier (*, +), or anchor it`
  }
  return null
}

interface Part {
  cost: number
  /** contains a quantifier or an alternative: repeating it multiplies paths exponentially */
  risky: boolean
}

/**
 * An upper estimate of the steps a backtracking engine may take to test one value of MAX_MATCH_INPUT
 * characters: a sequence multiplies its parts' choices, an alternative adds its branches, a quantifier
 * multiplies by its range (MAX_MATCH_INPUT when unbounded), and every start position is tried. Returns a
 * reason instead when the pattern has a shape we refuse outright (back-references, repeated risky groups).
 * @example
 * backtrackingCost('^/pricing')   // 300
 * backtrackingCost('\\w*\\w*!')   // 300 × 300 × 300 = 2.7e7
 */
export function backtrackingCost(src: string): number | string {
  let i = 0
  const L = MAX_MATCH_INPUT

  function alternatives(): Part | string {
    let cost = 0
    let risky = false
    let branches = 0
    for (;;) {
      const seq = sequence()
      if (typeof seq === 'string') return seq
      cost += seq.cost
      risky ||= seq.risky
      branches++
      if (src[i] !== '|') break
      i++
    }
    return { cost, risky: risky || branches > 1 }
  }

  function sequence(): Part | string {
    let cost = 1
    let risky = false
    while (i < src.length && src[i] !== '|' && src[i] !== ')') {
      const atom = atomAt()
      if (typeof atom === 'string') return atom
      const q = quantifier()
      if (q) {
        if (atom.risky && q.upper > 1) return 'a quantified group must not contain quantifiers or alternatives (catastrophic backtracking)'
        cost *= atom.cost * Math.min(L, q.upper - q.lower + 1)
        risky = true
      } else {
        cost *= atom.cost
        risky ||= atom.risky
      }
    }
    return { cost, risky }
  }

  function atomAt(): Part | string {
    const c = src[i]
    if (c === '\\') {
      const next = src[i + 1] ?? ''
      if (/[1-9]/.test(next) || next === 'k') return 'back-references are not allowed'
      i += 2
      if ((next === 'u' || next === 'p' || next === 'P') && src[i] === '{') i = src.indexOf('}', i) + 1
      return { cost: 1, risky: false }
    }
    if (c === '[') {
      i++
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1
      i++
      return { cost: 1, risky: false }
    }
    if (c === '(') {
      i++
      const prefix = /^\?(?::|=|!|<=|<!|<[A-Za-z_$][\w$]*>)/.exec(src.slice(i))
      if (prefix) i += prefix[0].length
      const inner = alternatives()
      i++ // ')'
      return inner
    }
    i++
    return { cost: 1, risky: false }
  }

  function quantifier(): { lower: number; upper: number } | null {
    const c = src[i]
    let q: { lower: number; upper: number } | null = null
    if (c === '*') q = { lower: 0, upper: Number.POSITIVE_INFINITY }
    else if (c === '+') q = { lower: 1, upper: Number.POSITIVE_INFINITY }
    else if (c === '?') q = { lower: 0, upper: 1 }
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i))
      if (!m) return null
      const lower = Number(m[1])
      const upper = m[2] === undefined ? lower : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3])
      i += m[0].length - 1
      q = { lower, upper }
    }
    if (!q) return null
    i++
    if (src[i] === '?') i++ // lazy: same worst case
    return q
  }

  const top = alternatives()
  return typeof top === 'string' ? top : top.cost * L
}

const cache = new Map<string, RegExp>()

/**
 * Compiled, case-insensitive, memoised (models are few and reused on every event).
 * @example
 * compile('/pricing').test('/PRICING') // true
 */
export function compile(source: string): RegExp {
  let re = cache.get(source)
  if (!re) {
    re = new RegExp(source, 'i')
    if (cache.size > 2000) cache.clear() // bounded memory if a Worker sees many models
    cache.set(source, re)
  }
  return re
}

const results = new Map<string, Map<string, boolean>>()
let remembered = 0
/**
 * Distinct (pattern, value) results kept: histories repeat the same few paths, so most tests are lookups.
 * @example
 * matches('^/pricing', '/pricing') // computed once, then remembered until MATCH_MEMO_SIZE results
 */
export const MATCH_MEMO_SIZE = 20_000

/**
 * Tests a (possibly absent) value against a pattern; absent never matches. Results are memoised (the test
 * is a pure function of pattern and value), bounded in memory.
 * @example
 * matches('demo|quote', '/request-a-quote') // true
 * matches('demo', undefined)                // false
 */
export function matches(source: string, value: string | undefined | null): boolean {
  if (value === undefined || value === null) return false
  const input = value.length > MAX_MATCH_INPUT ? value.slice(0, MAX_MATCH_INPUT) : value
  let memo = results.get(source)
  if (!memo) {
    memo = new Map()
    results.set(source, memo)
  }
  const known = memo.get(input)
  if (known !== undefined) return known
  const hit = compile(source).test(input)
  if (remembered >= MATCH_MEMO_SIZE) {
    results.clear()
    remembered = 0
    memo = new Map()
    results.set(source, memo)
  }
  memo.set(input, hit)
  remembered++
  return hit
}
