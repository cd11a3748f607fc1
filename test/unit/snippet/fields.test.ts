import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FIELD_RE, fieldOf, pick } from '../../../snippet/src/fields'
import { PROFILE_FIELDS } from '../../../snippet/types'

describe('form field names → profile fields', () => {
  it.each([
    ['email', 'email'],
    ['work_email', 'email'],
    ['your-email', 'email'],
    ['Email Address', 'email'],
    ['name', 'name'],
    ['full_name', 'name'],
    ['your-name', 'name'],
    ['first_name', 'firstName'],
    ['fname', 'firstName'],
    ['lastName', 'lastName'],
    ['company', 'company'],
    ['company_name', 'company'],
    ['organisation', 'company'],
    ['organization', 'company'],
    ['job_title', 'title'],
    ['jobtitle', 'title'],
    ['position', 'title'],
    ['organization-title', 'title'],
    ['employees', 'companySize'],
    ['company_size', 'companySize'],
    ['country', 'country'],
    ['phone_number', 'phone'],
  ])('%s → %s', (name, field) => {
    expect(fieldOf(name)).toBe(field)
  })

  it.each(['username', 'password', 'message', 'comment', 'cc-number', 'cvc', 'iban', 'card_number', 'ssn', 'csrf_token'])(
    'maps no field for %s',
    (name) => {
      expect(fieldOf(name)).toBeUndefined()
    },
  )

  it('names its groups after profile fields only', () => {
    const groups = [...FIELD_RE.source.matchAll(/\(\?<(\w+)>/g)].map((m) => m[1])
    for (const g of groups) expect(PROFILE_FIELDS).toContain(g)
    expect(new Set(groups).size).toBe(groups.length)
  })

  it('never maps any name to something outside PROFILE_FIELDS', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const f = fieldOf(s)
        return f === undefined || (PROFILE_FIELDS as readonly string[]).includes(f)
      }),
    )
  })
})

describe('identify payloads', () => {
  it('keeps profile fields, maps aliases, drops the rest, stringifies', () => {
    expect(pick({ email: 'ann@acme.io', job_title: 'CTO', companySize: 50, password: 'x', plan: 'pro' })).toEqual({
      email: 'ann@acme.io',
      title: 'CTO',
      companySize: '50',
    })
  })
})
