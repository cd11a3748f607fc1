import { describe, expect, it } from 'vitest'
import { accountDomain, rollUpAccount } from '../../../worker/scoring/accounts'
import { DEFAULT_MODEL } from '../../../worker/scoring/default-model'
import { emailDomain } from '../../../worker/scoring/free-mail'
import { DAY, model, T0 } from './helpers'

describe('accountDomain', () => {
  it('is the lower-case domain of a business address', () => {
    expect(accountDomain(' Ada.Lovelace@Acme.IO ', DEFAULT_MODEL)).toBe('acme.io')
    expect(accountDomain('x@sub.acme.co.uk.', DEFAULT_MODEL)).toBe('sub.acme.co.uk')
  })

  it('is null for free mail and for things that are not addresses', () => {
    for (const e of ['a@gmail.com', 'a@HOTMAIL.com', 'a@proton.me', 'nope', '@acme.io', 'a@localhost', 'a@-bad-.com', '', undefined]) {
      expect(accountDomain(e, DEFAULT_MODEL), String(e)).toBeNull()
    }
  })

  it("a model's own free-mail list replaces the built-in one", () => {
    const m = model({ freeMailDomains: ['corp-mail.example'] })
    expect(accountDomain('a@corp-mail.example', m)).toBeNull()
    expect(accountDomain('a@gmail.com', m)).toBe('gmail.com')
    expect(emailDomain(`a@${'x'.repeat(250)}.com`)).toBeNull()
  })
})

describe('rollUpAccount', () => {
  const now = T0 + 100 * DAY
  it('scores the top three leads, counts engaged people seen within 30 days', () => {
    const leads = [
      { score: 90, engagementScore: 40, stage: 'mql' as const, lastSeenAt: now - DAY },
      { score: 50, engagementScore: 10, stage: 'known' as const, lastSeenAt: now - 29 * DAY },
      { score: 30, engagementScore: 5, stage: 'known' as const, lastSeenAt: now - 31 * DAY },
      { score: 20, engagementScore: 20, stage: 'known' as const, lastSeenAt: now },
      { score: 500, engagementScore: 300, stage: 'disqualified' as const, lastSeenAt: now },
      { score: -10, engagementScore: -10, stage: 'known' as const, lastSeenAt: now },
    ]
    expect(rollUpAccount(leads, now)).toEqual({ score: 90 + 50 + 30, engagedPeople: 3, people: 6 })
  })

  it('an empty account is zero', () => {
    expect(rollUpAccount([], now)).toEqual({ score: 0, engagedPeople: 0, people: 0 })
  })
})
