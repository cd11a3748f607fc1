/**
 * Fit rules on fields that only a lead file (a CRM export, the import endpoint) supplies: occupation and
 * the do-not-email tick. A browser never sends them (they are not allow-listed wire fields), so they are
 * not in the default model, whose every rule must be able to fire live; the X Education evaluation and
 * imports of such files add them explicitly with `withLeadFileRules`. Reasons for every number are in
 * docs/scoring.md ("Lead-file rules").
 */
import type { Model } from '../scoring/model'

type FitRule = Model['fit'][number]

/** Groups of the lead-file rules; `stated` is the default model's own (answered a qualifying question). */
export const LEAD_FILE_GROUPS: Model['groups'] = {
  role: { label: 'Authority: occupation', max: 40, pick: 'first' },
  consent: { label: 'Opted out of contact', min: -30, pick: 'sum' },
}

/**
 * The rules, in the order they join the model's fit list.
 * @example
 * LEAD_FILE_RULES.map((r) => r.id) // → ['occupation-working', 'occupation-student', 'occupation-unemployed', 'stated-occupation', 'opted-out']
 */
export const LEAD_FILE_RULES: FitRule[] = [
  { id: 'occupation-working', label: 'Working professional', group: 'role', field: 'occupation', points: 40, match: { kind: 'pattern', pattern: '\\b(working professional|employed|self[- ]employed|business(man|woman| owner)?|professional)\\b' } },
  { id: 'occupation-student', label: 'Student', group: 'role', field: 'occupation', points: -5, match: { kind: 'pattern', pattern: '\\bstudent\\b' } },
  { id: 'occupation-unemployed', label: 'Unemployed', group: 'role', field: 'occupation', points: 0, match: { kind: 'pattern', pattern: '\\bunemployed\\b' } },
  { id: 'stated-occupation', label: 'Gave an occupation', group: 'stated', field: 'occupation', points: 30, match: { kind: 'pattern', pattern: '\\S' } },
  { id: 'opted-out', label: 'Opted out of email', group: 'consent', field: 'doNotEmail', points: -30, match: { kind: 'pattern', pattern: '^(yes|true|1|y)$' } },
]

/**
 * `model` with the lead-file rules added (a rule or group the model already has is kept as it is), for
 * scoring leads that came from a file with occupation and do-not-email columns.
 * @example
 * withLeadFileRules(DEFAULT_MODEL).fit.some((r) => r.id === 'opted-out') // → true
 */
export function withLeadFileRules(model: Model): Model {
  const ids = new Set(model.fit.map((r) => r.id))
  const groups = { ...LEAD_FILE_GROUPS, ...model.groups }
  if (!groups.stated) groups.stated = { label: 'Stated a role', max: 30, pick: 'first' }
  return { ...model, groups, fit: [...model.fit, ...LEAD_FILE_RULES.filter((r) => !ids.has(r.id))] }
}
