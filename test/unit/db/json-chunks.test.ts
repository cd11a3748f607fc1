import { describe, expect, it } from 'vitest'
import { jsonChunks, PARAM_CHARS } from '../../../worker/db/rescore'

// A rescore step's UPDATE carries its leads as one JSON parameter; D1 refuses a parameter over 2 MB.
describe('jsonChunks', () => {
  it('keeps every text, in order, in groups that each fit one parameter', () => {
    const texts = Array.from({ length: 200 }, (_, i) => JSON.stringify({ id: `ld_${i}`, pad: 'x'.repeat(10_000 + ((i * 7919) % 20_000)) }))
    const chunks = jsonChunks(texts)
    expect(chunks.length).toBeGreaterThan(1)
    expect(chunks.flat()).toEqual(texts)
    for (const c of chunks) expect(`[${c.join(',')}]`.length).toBeLessThanOrEqual(PARAM_CHARS)
  })

  it('one group for a typical step; a lone text longer than the limit stays alone', () => {
    expect(jsonChunks(['{"a":1}', '{"b":2}'])).toEqual([['{"a":1}', '{"b":2}']])
    const huge = 'y'.repeat(PARAM_CHARS + 1)
    expect(jsonChunks(['{"a":1}', huge, '{"b":2}'])).toEqual([['{"a":1}'], [huge], ['{"b":2}']])
    expect(jsonChunks([])).toEqual([])
  })
})
