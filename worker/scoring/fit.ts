/**
 * Fit rules: who the lead is, from profile fields. Fit does not decay, so its hits need no time.
 */
import { emailDomain, isDisposableMail, isFreeMail } from './free-mail'
import type { FitMatch, FitRule, Model } from './model'
import { matches } from './patterns'
import type { Profile } from './types'

/** A fit rule that matched and counts (in a `pick: 'first'` group, only the first match counts). */
export interface FitHit {
  rule: string
  group: string
  raw: number
  detail: string
}

/**
 * The first number in a value, with thousands separators and k/m suffixes understood.
 * @example
 * leadingNumber('51-200') // 51
 * leadingNumber('10,000+') // 10000
 * leadingNumber('5k') // 5000
 * leadingNumber('n/a') // null
 */
export function leadingNumber(value: string): number | null {
  const m = /(\d+(?:\.\d+)?)\s*([km])?/i.exec(value.replace(/(\d),(?=\d{3}\b)/g, '$1'))
  if (!m) return null
  const n = Number(m[1])
  const unit = m[2]?.toLowerCase()
  return unit === 'k' ? n * 1e3 : unit === 'm' ? n * 1e6 : n
}

function present(v: string | undefined): v is string {
  return v !== undefined && v.trim() !== ''
}

/**
 * Whether one profile field satisfies a match.
 * @example
 * fitMatches({ kind: 'range', min: 200 }, '500-1000', DEFAULT_MODEL) // true
 */
export function fitMatches(match: FitMatch, value: string | undefined, model: Model): boolean {
  switch (match.kind) {
    case 'missing':
      return !present(value)
    case 'pattern':
      return present(value) && matches(match.pattern, value.trim())
    case 'in': {
      if (!present(value)) return false
      const v = value.trim().toLowerCase()
      return match.values.some((x) => x.trim().toLowerCase() === v)
    }
    case 'range': {
      if (!present(value)) return false
      const n = leadingNumber(value)
      return n !== null && (match.min === undefined || n >= match.min) && (match.max === undefined || n <= match.max)
    }
    case 'freeMail': {
      const domain = emailDomain(value)
      return domain !== null && isFreeMail(domain, model)
    }
    case 'disposableMail': {
      const domain = emailDomain(value)
      return domain !== null && isDisposableMail(domain)
    }
  }
}

function detailOf(rule: FitRule, value: string | undefined): string {
  const shown = present(value) ? value.trim().slice(0, 80) : '(blank)'
  return `${rule.field}: ${shown}`
}

/**
 * Fit hits of a profile, plus every rule that matched (also those a `first` group set aside, which are
 * still features for calibration).
 * @example
 * fitHits({ title: 'VP Sales' }, DEFAULT_MODEL).hits // [{ rule: 'title-vp', group: 'authority', raw: 20, … }]
 */
export function fitHits(profile: Profile, model: Model): { hits: FitHit[]; matched: Set<string> } {
  const hits: FitHit[] = []
  const matched = new Set<string>()
  const decided = new Set<string>()
  for (const rule of model.fit) {
    const value = profile[rule.field]
    if (!fitMatches(rule.match, value, model)) continue
    matched.add(rule.id)
    const first = model.groups[rule.group]?.pick === 'first'
    if (first && decided.has(rule.group)) continue
    decided.add(rule.group)
    hits.push({ rule: rule.id, group: rule.group, raw: rule.points, detail: detailOf(rule, value) })
  }
  return { hits, matched }
}
