import { describe, expect, it } from 'vitest'
import { DEFAULT_MODEL } from '../../../worker/scoring/default-model'
import { scoreHistory } from '../../../worker/scoring/engine'
import { handRaiseRule } from '../../../worker/scoring/handraise'
import type { PreparedEvent } from '../../../worker/scoring/prepare'
import { history, MIN, model, T0 } from './helpers'

const form = (name: string | undefined, path = '/page'): PreparedEvent => ({ id: 'f', type: 'form_submit', at: T0, name, path, session: 0 })

describe('hand-raisers (contract default)', () => {
  it.each(['contact-sales', 'talk_to_sales', 'Talk to Sales', 'contactsales', 'request-demo', 'get_a_quote', 'talk-to-sales'])(
    'form "%s" is a hand-raise',
    (name) => expect(handRaiseRule(form(name), DEFAULT_MODEL)).toBe('hand-raise:form'),
  )

  it.each(['contact', 'newsletter', 'contact-us', 'signup', 'talk-to-support'])('form "%s" is not', (name) => {
    expect(handRaiseRule(form(name, '/blog'), DEFAULT_MODEL)).toBeNull()
  })

  it('the page path counts too: an unnamed form on /demo hand-raises, one on /contact does not', () => {
    expect(handRaiseRule(form(undefined, '/demo'), DEFAULT_MODEL)).toBe('hand-raise:form')
    expect(handRaiseRule(form(undefined, '/contact'), DEFAULT_MODEL)).toBeNull()
  })

  it('custom events demo_requested and quote_requested (case-insensitive); page views never', () => {
    const ev = (type: PreparedEvent['type'], name: string, path?: string): PreparedEvent => ({ id: 'x', type, at: T0, name, path, session: 0 })
    expect(handRaiseRule(ev('custom', 'Demo_Requested'), DEFAULT_MODEL)).toBe('hand-raise:event:demo_requested')
    expect(handRaiseRule(ev('custom', 'quote_requested'), DEFAULT_MODEL)).toBe('hand-raise:event:quote_requested')
    expect(handRaiseRule(ev('custom', 'demo_viewed'), DEFAULT_MODEL)).toBeNull()
    expect(handRaiseRule(ev('page_view', 'demo', '/demo'), DEFAULT_MODEL)).toBeNull()
  })

  it('a model without a form pattern has only event hand-raisers', () => {
    const m = model({ handRaisers: { events: ['call_me'], formPattern: null } })
    expect(handRaiseRule(form('contact-sales', '/demo'), m)).toBeNull()
  })

  it('scoreHistory reports the newest hand-raise, marks imported ones, and counts them', () => {
    const h = history()
    h.track(0, 'demo_requested')
    const later = h.form(5 * MIN, 'contact-sales', '/contact')
    later.imported = true
    const r = scoreHistory({ events: h.events, profile: {}, model: DEFAULT_MODEL, now: T0 + 10 * MIN })
    expect(r.handRaise).toEqual({ eventId: later.id, at: later.at, rule: 'hand-raise:form', imported: true })
    expect(r.features.handRaises).toBe(2)
  })
})
