/**
 * A small RFC 4180 CSV writer for exports. Strings a visitor typed end up in marketers' spreadsheets, so
 * cells that a spreadsheet would read as a formula are neutralised (OWASP "CSV injection").
 */

/** A value one cell can hold; null and undefined are empty cells. */
export type CsvValue = string | number | boolean | null | undefined

// A spreadsheet starts a formula on these (tab and CR because some apps strip them before parsing).
const FORMULA_START = /^[=+\-@\t\r]/

/**
 * One cell: strings that would start a formula get a leading `'`; a cell holding a comma, quote, CR or
 * LF is quoted with inner quotes doubled. Numbers are written as numbers (ours, never typed by a visitor).
 * @example
 * csvCell('=HYPERLINK("x")') // `"'=HYPERLINK(""x"")"`
 * csvCell(-5) // "-5"
 */
export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  const s = FORMULA_START.test(v) ? `'${v}` : v
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * One record, CRLF-terminated as RFC 4180 asks.
 * @example
 * csvLine(['a,b', 1, null]) // '"a,b",1,\r\n'
 */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`
}

/**
 * Objects → records in `columns` order (the header is `csvLine(columns)`).
 * @example
 * csvRecords([{ id: 'l1', score: 3 }], ['id', 'score']) // 'l1,3\r\n'
 */
export function csvRecords<T extends Record<string, unknown>>(rows: readonly T[], columns: readonly (keyof T & string)[]): string {
  let out = ''
  for (const r of rows) out += csvLine(columns.map((c) => r[c] as CsvValue))
  return out
}
