import { describe, expect, it } from 'vitest'
import { buildSnippet } from '../../../snippet/build.mjs'

describe('the served tag', () => {
  it('stays within the 1,500-byte brotli budget', async () => {
    const { code, size } = await buildSnippet({ write: false })
    expect(code.length).toBe(size.raw)
    expect(size.brotli).toBeGreaterThan(500) // a build that lost its code would pass too easily
    expect(size.brotli).toBeLessThanOrEqual(1500)
  })
})
