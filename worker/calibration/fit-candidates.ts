/**
 * Candidate fit rules learnt from the categorical profile fields of calibration samples (occupation,
 * source, country …): one rule per common value, one for the rarer values together and one for "not
 * given", each field in its own `pick: 'first'` group. Calibration keeps those that carry weight.
 */
import type { FitRule, Group } from '../scoring/model'
import type { Profile } from '../scoring/types'
import { slug } from './columns'

/** Identity fields: unique per lead, so they say nothing about a kind of lead. */
const IDENTITY = new Set(['email', 'name', 'firstname', 'lastname', 'phone', 'website', 'company'])
/** A field with more distinct values than this among the samples is free text, not a category. */
const MAX_DISTINCT = 200
const ID_MAX = 48

/**
 * Candidate fit rules and their groups, ready to append to a model.
 * @example
 * const wide = { ...model, groups: { ...model.groups, ...c.groups }, fit: [...model.fit, ...c.rules] }
 */
export interface Candidates {
  groups: Record<string, Group>
  rules: FitRule[]
}

/**
 * Candidate one-hot fit rules (reference coding). A field's levels are its common values (at least
 * `minCount` samples each), "another value" (the rarer values seen, together) and "not given", each kept
 * when it has `minCount` samples. The most frequent level is the reference and gets no rule: the other
 * levels' points then read "compared with the usual lead", and a value never seen in the samples scores
 * like the reference. A field needs two levels to say anything.
 * Ids are `cal-<field>-<value>` (lower-case, ≤ 48 characters, unique), groups `cal-<field>`.
 * @example
 * candidateFitRules([{ occupation: 'Student' }, { occupation: 'Student' }, { occupation: 'Student' }, {}, {}], { minCount: 2, taken: new Set() })
 * // → one rule, cal-occupation-not-given, in group cal-occupation; "Student" is the reference
 */
export function candidateFitRules(profiles: readonly Profile[], opts: { minCount: number; taken: ReadonlySet<string> }): Candidates {
  const ids = new Set(opts.taken)
  const unique = (base: string) => {
    let id = base.slice(0, ID_MAX).replace(/[-_.]+$/, '')
    for (let k = 2; ids.has(id); k++) id = `${base.slice(0, ID_MAX - 4)}-${k}`
    ids.add(id)
    return id
  }
  const fields = new Set<string>()
  for (const p of profiles) for (const k of Object.keys(p)) if (!IDENTITY.has(k.toLowerCase()) && /^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(k)) fields.add(k)

  const groups: Record<string, Group> = {}
  const rules: FitRule[] = []
  for (const field of [...fields].sort()) {
    const counts = new Map<string, { label: string; n: number }>()
    let missing = 0
    for (const p of profiles) {
      const v = p[field]?.trim()
      if (!v) {
        missing++
        continue
      }
      const key = v.toLowerCase()
      const c = counts.get(key)
      if (c) c.n++
      else counts.set(key, { label: v, n: 1 })
    }
    if (counts.size === 0 || counts.size > MAX_DISTINCT) continue
    const byCount = (a: { n: number; label: string }, b: { n: number; label: string }) => b.n - a.n || (a.label < b.label ? -1 : 1)
    const rare = [...counts.values()].filter((c) => c.n < opts.minCount).sort(byCount)
    const levels: Level[] = [
      ...[...counts.values()].filter((c) => c.n >= opts.minCount).map((c): Level => ({ kind: 'value', label: c.label, n: c.n })),
      { kind: 'other' as const, label: 'another value', n: rare.reduce((s, c) => s + c.n, 0) },
      { kind: 'missing' as const, label: 'not given', n: missing },
    ]
      .filter((l) => l.n >= opts.minCount)
      .sort(byCount)
    if (levels.length < 2) continue
    const fieldSlug = slug(field)
    const group = unique(`cal-${fieldSlug}`)
    groups[group] = { label: `${field} (calibrated; compared with "${levels[0].label}")`.slice(0, 120), pick: 'first' }
    for (const level of levels.slice(1)) {
      const base = { group, field, points: 0 }
      if (level.kind === 'value') {
        rules.push({ id: unique(`cal-${fieldSlug}-${slug(level.label)}`), label: `${field} is ${level.label}`.slice(0, 120), ...base, match: { kind: 'in', values: [level.label.slice(0, 100)] } })
      } else if (level.kind === 'other') {
        const values = rare.slice(0, 200).map((c) => c.label.slice(0, 100))
        rules.push({ id: unique(`cal-${fieldSlug}-any-other`), label: `${field}: another value`, ...base, match: { kind: 'in', values } })
      } else {
        rules.push({ id: unique(`cal-${fieldSlug}-not-given`), label: `${field} not given`, ...base, match: { kind: 'missing' } })
      }
    }
  }
  return { groups, rules }
}

interface Level {
  kind: 'value' | 'other' | 'missing'
  label: string
  n: number
}
