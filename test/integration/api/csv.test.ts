import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../worker/calibration/csv'
import { csvCell, csvLine, csvRecords } from '../../../worker/http/csv'

describe('csv writer (worker/http/csv.ts)', () => {
  it('quotes per RFC 4180 only when needed', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(undefined)).toBe('')
    expect(csvCell(12.5)).toBe('12.5')
    expect(csvCell(-3)).toBe('-3') // our numbers are numbers, not formulas
    expect(csvCell(Number.NaN)).toBe('')
    expect(csvCell(true)).toBe('true')
  })

  it('neutralises every formula start with a leading quote', () => {
    expect(csvCell('=1+1')).toBe("'=1+1")
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-1')).toBe("'-1")
    expect(csvCell('@cmd')).toBe("'@cmd")
    expect(csvCell('\tx')).toBe("'\tx")
    expect(csvCell('\rx')).toBe(`"'\rx"`)
    expect(csvCell('=A1,"x"')).toBe(`"'=A1,""x"""`)
    expect(csvCell('a=b')).toBe('a=b')
  })

  it('round-trips any strings through an RFC 4180 parser (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: fc.constantFrom(',', '"', '\n', '\r', '=', '+', '-', '@', '\t', 'a', 'é', ' ', '\u{1F600}'), maxLength: 12 }), { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (table) => {
        const text = table.map((r) => csvLine(r)).join('')
        const back = parseCsv(text).filter((r) => !(r.length === 1 && r[0] === ''))
        const expected = table.map((r) => r.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v)))
        expect(back).toEqual(expected)
      }),
      { numRuns: 300 },
    )
  }, 30_000)

  it('writes records in column order', () => {
    expect(csvRecords([{ id: 'l1', score: 3, name: null }], ['score', 'id', 'name'])).toBe('3,l1,\r\n')
  })
})
