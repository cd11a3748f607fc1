import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FIELD_RE, fieldOf, formData, pick } from '../../../snippet/src/fields'
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
    ['given-name', 'firstName'],
    ['family-name', 'lastName'],
    ['industry', 'industry'],
    ['Sector', 'industry'],
    ['website', 'website'],
    ['company_website', 'website'],
    ['url', 'website'],
    // a form control is "type autocomplete name": the first word that means a field wins
    ['email  user_login', 'email'],
    ['text organization-title company', 'title'],
    ['text  company_size', 'companySize'],
    ['url  homepage', 'website'],
  ])('%s → %s', (name, field) => {
    expect(fieldOf(name)).toBe(field)
  })

  it.each(['username', 'password', 'message', 'comment', 'cc-number', 'cvc', 'iban', 'card_number', 'ssn', 'csrf_token', 'additional-name', 'nickname', 'text'])(
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

  it('holds exactly one named group in each top-level alternative (a match defines one field)', () => {
    const alternatives: string[] = ['']
    let depth = 0
    for (const c of FIELD_RE.source) {
      if (c === '(') depth++
      if (c === ')') depth--
      if (c === '|' && depth === 0) alternatives.push('')
      else alternatives[alternatives.length - 1] += c
    }
    expect(alternatives.length).toBeGreaterThan(5)
    for (const a of alternatives) expect(a.match(/\(\?<\w+>/g)).toHaveLength(1)
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

describe('form controls', () => {
  const form = (...els: Partial<{ type: string; name: string; id: string; autocomplete: string; value: string }>[]) =>
    formData({ elements: els.map((e) => ({ type: 'text', name: '', id: '', autocomplete: '', value: '', ...e })) })

  it('reads short typed answers only, never secret or payment names, and the first control for a field wins', () => {
    expect(
      form(
        { type: 'email', name: 'login', value: 'ann@acme.io' },
        { name: 'confirm_email', value: 'other@acme.io' },
        { id: 'industry', type: 'select-one', value: 'Software' },
        { type: 'url', name: 'site', value: 'https://acme.io' },
        { type: 'password', name: 'email', value: 'hunter2' },
        { type: 'hidden', name: 'company', value: 'tok' },
        { type: 'textarea', name: 'title', value: 'free text' },
        { name: 'cardholder_name', value: 'Ann Card' },
        { autocomplete: 'cc-name', name: 'name', value: 'Ann CC' },
        { name: 'email_password', value: 's3cret' },
      ),
    ).toEqual({ email: 'ann@acme.io', industry: 'Software', website: 'https://acme.io' })
  })
})

describe('identify payloads', () => {
  it('keeps profile fields, maps aliases, drops the rest, stringifies', () => {
    expect(pick({ email: 'ann@acme.io', job_title: 'CTO', companySize: 50, password: 'x', plan: 'pro' })).toEqual({
      email: 'ann@acme.io',
      title: 'CTO',
      companySize: '50',
    })
    expect(pick({ industry: 'Software', website: 'https://acme.io', sector: 'Retail' })).toEqual({ industry: 'Software', website: 'https://acme.io' })
  })
})
