/**
 * RFC 4180 CSV parsing. Runs in the Worker (uploads to `/api/v1/import` and `/api/v1/outcomes`) and in
 * the offline harness, so it uses no Node API: plain strings in, plain arrays out.
 */

/**
 * Parses CSV text into rows of fields. Handles quoted fields (with commas, CR/LF inside), doubled
 * quotes (`""` → `"`), CRLF / LF / lone CR line ends, and a leading UTF-8 byte-order mark. A final line
 * end does not make an empty last row. A quote inside an unquoted field is kept literally (lenient,
 * as spreadsheets export such files).
 * @example
 * parseCsv('a,b\r\n"x, y","say ""hi"""\r\n') // → [['a', 'b'], ['x, y', 'say "hi"']]
 */
export function parseCsv(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  // Whether the current row has any content yet: distinguishes "a final newline" from "an empty field".
  let rowStarted = false
  let i = 0
  const endField = () => {
    row.push(field)
    field = ''
  }
  const endRow = () => {
    endField()
    rows.push(row)
    row = []
    rowStarted = false
  }
  while (i < src.length) {
    const c = src[i]
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"'
          i += 2
          continue
        }
        quoted = false
        i++
        continue
      }
      field += c
      i++
      continue
    }
    if (c === '"' && field === '') {
      quoted = true
      rowStarted = true
      i++
    } else if (c === ',') {
      endField()
      rowStarted = true
      i++
    } else if (c === '\r' || c === '\n') {
      if (rowStarted || field !== '') endRow()
      else rows.push([''])
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1
    } else {
      field += c
      rowStarted = true
      i++
    }
  }
  if (rowStarted || field !== '') endRow()
  return rows
}

/**
 * Parses CSV text whose first row is a header into records keyed by (trimmed) column name. Blank lines
 * are skipped; a short row leaves its missing columns absent (unknown), extra cells are dropped.
 * @example
 * parseCsvRecords('email,outcome\nann@x.io,won\n') // → [{ email: 'ann@x.io', outcome: 'won' }]
 */
export function parseCsvRecords(text: string): Record<string, string>[] {
  const rows = parseCsv(text)
  if (rows.length === 0) return []
  const header = rows[0].map((h) => h.trim())
  const out: Record<string, string>[] = []
  for (const r of rows.slice(1)) {
    if (r.length === 1 && r[0].trim() === '') continue
    const rec: Record<string, string> = {}
    const width = Math.min(header.length, r.length)
    for (let k = 0; k < width; k++) if (header[k] !== '') rec[header[k]] = r[k]
    out.push(rec)
  }
  return out
}
