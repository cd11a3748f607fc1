import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsv, parseCsvRecords } from '../../../worker/calibration/csv'

describe('parseCsv', () => {
  it('splits plain fields and LF / CRLF / CR line ends', () => {
    expect(parseCsv('a,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']])
    expect(parseCsv('a,b\r\nc,d\r\n')).toEqual([['a', 'b'], ['c', 'd']])
    expect(parseCsv('a,b\rc,d\r')).toEqual([['a', 'b'], ['c', 'd']])
  })

  it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
    expect(parseCsv('"x, y","line1\r\nline2","say ""hi"""\n')).toEqual([['x, y', 'line1\r\nline2', 'say "hi"']])
  })

  it('strips a UTF-8 byte-order mark from the first field only', () => {
    expect(parseCsv('\uFEFFProspect ID,Converted\n1,0')).toEqual([['Prospect ID', 'Converted'], ['1', '0']])
  })

  it('keeps empty fields, including trailing ones and quoted empties', () => {
    expect(parseCsv('a,,c,\n"",b,,')).toEqual([['a', '', 'c', ''], ['', 'b', '', '']])
  })

  it('treats a blank line as one empty field and the empty text as no rows', () => {
    expect(parseCsv('a\n\nb')).toEqual([['a'], [''], ['b']])
    expect(parseCsv('')).toEqual([])
  })

  it('round-trips any table written with RFC 4180 quoting', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', '"', '\n', '\r', 'é', '1') })
    const table = fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 })
    fc.assert(
      fc.property(table, (rows) => {
        const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n')
        expect(parseCsv(text)).toEqual(rows)
      }),
    )
  })
})

describe('parseCsvRecords', () => {
  it('keys rows by trimmed header, skips blank lines, leaves missing columns absent', () => {
    const recs = parseCsvRecords(' email , outcome,at\nann@x.io,won,2026-01-02\n\nbob@y.io,lost\n')
    expect(recs).toEqual([
      { email: 'ann@x.io', outcome: 'won', at: '2026-01-02' },
      { email: 'bob@y.io', outcome: 'lost' },
    ])
    expect('at' in recs[1]).toBe(false)
  })
})
