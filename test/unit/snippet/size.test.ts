import { describe, expect, it } from 'vitest'
import { BROTLI_BUDGET, buildSnippet } from '../../../snippet/build.mjs'

/**
 * The tag's brotli budget (BROTLI_BUDGET in snippet/build.mjs), as GET /s.js serves it: a ratchet at
 * what it measures. The aim is 1,200 B and is not met: every signal the browser tests pin (hash and
 * history routes, idle-aware engaged time, downloads, allow-listed form fields, consent, DNT/GPC,
 * retries) is in it; what each costs and every cut tried is in snippet/README.md ("Keeping it
 * small"). Any growth fails.
 */

describe('the served tag', () => {
  it(`stays within the ${BROTLI_BUDGET.toLocaleString('en')}-byte brotli budget`, async () => {
    const { code, size } = await buildSnippet({ write: false })
    expect(code.length).toBe(size.raw)
    expect(size.brotli).toBeGreaterThan(500) // a build that lost its code would pass too easily
    expect(size.brotli).toBeLessThanOrEqual(BROTLI_BUDGET)
  })
})
