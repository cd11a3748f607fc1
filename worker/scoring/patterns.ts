/**
 * Model patterns are strings written by marketers and compiled case-insensitively. JavaScript regexes
 * backtrack, so a hostile or careless pattern could burn a Worker's CPU budget on every event: we bound
 * the pattern (length, unbounded quantifiers, no quantified group that itself repeats or alternates, no
 * back-references) and the input (truncated), which keeps the worst case polynomial and small.
 */

export const MAX_PATTERN_LENGTH = 200
export const MAX_UNBOUNDED_QUANTIFIERS = 3
/** paths, names and profile values longer than this are matched on their prefix only */
export const MAX_MATCH_INPUT = 300

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
  return structureProblem(source)
}

interface GroupScan {
  risky: boolean
}

/** Walks the pattern once, tracking escapes, character classes and groups. */
function structureProblem(src: string): string | null {
  const stack: GroupScan[] = []
  let unbounded = 0
  let inClass = false
  let lastClosed: GroupScan | null = null
  for (let i = 0; i < src.length; i++) {
    const c = src[i]
    const closedBefore = lastClosed
    lastClosed = null
    if (c === '\\') {
      const next = src[i + 1] ?? ''
      if (!inClass && /[1-9]/.test(next)) return 'back-references are not allowed'
      if (!inClass && next === 'k') return 'named back-references are not allowed'
      i++
      continue
    }
    if (inClass) {
      if (c === ']') inClass = false
      continue
    }
    if (c === '[') {
      inClass = true
      continue
    }
    if (c === '(') {
      stack.push({ risky: false })
      continue
    }
    if (c === ')') {
      const g = stack.pop()
      if (g) {
        lastClosed = g
        if (g.risky && stack.length) stack[stack.length - 1].risky = true
      }
      continue
    }
    if (c === '|') {
      if (stack.length) stack[stack.length - 1].risky = true
      continue
    }
    const quant = quantifierAt(src, i)
    if (quant) {
      if (quant.unbounded) unbounded++
      if (closedBefore && quant.repeats && closedBefore.risky) {
        return 'a quantified group must not contain quantifiers or alternatives (catastrophic backtracking)'
      }
      if (stack.length) stack[stack.length - 1].risky = true
      i += quant.length - 1
      if (src[i + 1] === '?') i++ // lazy modifier
    }
  }
  if (unbounded > MAX_UNBOUNDED_QUANTIFIERS) {
    return `at most ${MAX_UNBOUNDED_QUANTIFIERS} unbounded quantifiers (*, +, {n,}) per pattern`
  }
  return null
}

/** `repeats`: can match more than once (so a risky group under it multiplies paths). */
function quantifierAt(src: string, i: number): { length: number; unbounded: boolean; repeats: boolean } | null {
  const c = src[i]
  if (c === '*' || c === '+') return { length: 1, unbounded: true, repeats: true }
  if (c === '?') return { length: 1, unbounded: false, repeats: false }
  if (c === '{') {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i))
    if (!m) return null
    const upper = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3])
    return { length: m[0].length, unbounded: upper === Number.POSITIVE_INFINITY, repeats: upper > 1 }
  }
  return null
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
/** Distinct (pattern, value) results kept: histories repeat the same few paths, so most tests are lookups. */
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
