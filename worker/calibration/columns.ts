/**
 * Tolerant access to the columns of a lead file: header names are matched without regard to case,
 * spacing or punctuation, and placeholder values ("Select", "NaN", empty) mean "unknown".
 */

/** Values that a form or export writes when the lead gave no answer. */
const UNKNOWN = new Set(['', 'select', 'nan', 'null', 'none', 'n/a', 'na', 'unknown', 'undefined', '-'])

/**
 * Normalises a column name so "Total Time Spent on Website" and "total_time_spent_on_website" meet.
 * @example
 * columnKey(' Lead Origin ') // → 'leadorigin'
 */
export function columnKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '')
}

/**
 * A row whose cells are looked up by any of several column names.
 * @example
 * columns(row).number('TotalVisits', 'visits') // → 5, or undefined when unknown
 */
export interface Columns {
  /** trimmed text of the first named column that has a known value, else undefined */
  text(...names: string[]): string | undefined
  /** a finite, non-negative number from the first named column that parses as one, else undefined */
  number(...names: string[]): number | undefined
  /** true for yes/true/1/y, false for no/false/0/n, undefined otherwise */
  flag(...names: string[]): boolean | undefined
}

/**
 * Wraps a parsed CSV record for tolerant lookups.
 * @example
 * const c = columns({ 'Lead Origin': 'API', Specialization: 'Select', TotalVisits: '5.0' })
 * c.text('lead origin') // → 'API'
 * c.text('Specialization') // → undefined ("Select" is the unanswered placeholder)
 * c.number('TotalVisits') // → 5
 */
export function columns(row: Record<string, string>): Columns {
  const byKey = new Map<string, string>()
  for (const [k, v] of Object.entries(row)) {
    const key = columnKey(k)
    // Keep the first non-empty value when two headers normalise to the same key.
    if (!byKey.has(key) || (byKey.get(key) ?? '').trim() === '') byKey.set(key, v ?? '')
  }
  const text = (...names: string[]) => {
    for (const n of names) {
      const v = byKey.get(columnKey(n))?.trim()
      if (v !== undefined && !UNKNOWN.has(v.toLowerCase())) return v
    }
    return undefined
  }
  return {
    text,
    number(...names) {
      for (const n of names) {
        const v = text(n)
        if (v === undefined) continue
        const x = Number(v)
        if (Number.isFinite(x) && x >= 0) return x
      }
      return undefined
    },
    flag(...names) {
      const v = text(...names)?.toLowerCase()
      if (v === undefined) return undefined
      if (['yes', 'y', 'true', '1'].includes(v)) return true
      if (['no', 'n', 'false', '0'].includes(v)) return false
      return undefined
    },
  }
}

/**
 * A URL-safe slug, for page paths derived from a row's values.
 * @example
 * slug('Banking, Investment And Insurance') // → 'banking-investment-and-insurance'
 */
export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  )
}
