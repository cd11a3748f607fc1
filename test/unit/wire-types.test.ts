import { describe, expect, it } from 'vitest'
import { PROFILE_FIELDS } from '../../snippet/types'

describe('wire types', () => {
  it('allow-lists no secret or free-text field', () => {
    for (const f of PROFILE_FIELDS) expect(f).not.toMatch(/pass|card|cvc|iban|message|comment/i)
    expect(PROFILE_FIELDS).toContain('email')
  })
})
