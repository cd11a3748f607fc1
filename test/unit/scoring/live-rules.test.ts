/**
 * Every rule of the default model can fire from what a browser sends: for each rule, a batch in the wire
 * format (validated by the Worker's own schema, so no CSV-only field can slip in) goes through the
 * Worker's own mapping (normaliseEvents, extractIdentity, first touch) into the engine, and the rule fires.
 */
import { describe, expect, it } from 'vitest'
import { PROFILE_FIELDS, type WireBatch, type WireEvent } from '../../../snippet/types'
import { visitorTouch } from '../../../worker/ingest/first-touch'
import { extractIdentity, normaliseEvents } from '../../../worker/ingest/normalise'
import { BatchSchema } from '../../../worker/ingest/validate'
import { DEFAULT_MODEL } from '../../../worker/scoring/default-model'
import { scoreHistory } from '../../../worker/scoring/engine'
import { touchProfile } from '../../../worker/scoring/touch'
import { DAY, MIN, T0 } from './helpers'

let n = 0
const at = (ms: number) => ({ i: `e${n++}`, ts: T0 - 10 * DAY + ms })
const pv = (ms: number, p: string, r?: string): WireEvent => ({ ...at(ms), t: 'pv', p, ...(r ? { r } : {}) })
const eng = (ms: number, p: string, s: number): WireEvent => ({ ...at(ms), t: 'eng', p, n: s })
const id = (ms: number, d: Record<string, string>): WireEvent => ({ ...at(ms), t: 'id', d: { email: 'ann@acme.io', ...d } })
const form = (ms: number, p: string, f: string): WireEvent => ({ ...at(ms), t: 'form', p, f, d: { email: 'ann@acme.io' } })

/** For each default rule, a browser's batch that makes it fire. */
const WIRE: Record<string, WireEvent[]> = {
  'page-view': [pv(0, '/')],
  visit: [pv(0, '/')],
  'deep-visit': [pv(0, '/'), pv(MIN, '/a'), pv(2 * MIN, '/b'), pv(3 * MIN, '/c')],
  'return-visit': [pv(0, '/'), pv(2 * 3_600_000, '/')],
  'pricing-view': [pv(0, '/pricing')],
  'pricing-repeat': [pv(0, '/pricing'), pv(MIN, '/#/pricing'), pv(2 * MIN, '/plans')],
  'product-view': [pv(0, '/features/sync')],
  download: [pv(0, '/resources'), { ...at(MIN), t: 'dl', p: '/resources', u: 'https://acme.io/whitepaper.pdf' }],
  'engaged-time': [pv(0, '/'), eng(40_000, '/', 40)],
  'pricing-time': [pv(0, '/pricing'), eng(70_000, '/pricing', 70)],
  form: [pv(0, '/contact'), form(MIN, '/contact', 'contact')],
  newsletter: [pv(0, '/blog'), form(MIN, '/blog', 'newsletter')],
  'sales-request': [pv(0, '/'), { ...at(MIN), t: 'tr', n: 'demo_requested' }],
  'custom-event': [pv(0, '/'), { ...at(MIN), t: 'tr', n: 'chat_started' }],
  careers: [pv(0, '/careers')],
  'support-only': [pv(0, '/help'), pv(MIN, '/docs/setup')],
  unsubscribe: [{ ...at(0), t: 'tr', n: 'unsubscribe' }],
  'unsubscribe-page': [pv(0, '/unsubscribe')],
  'title-exec': [id(0, { title: 'CEO' })],
  'title-vp': [id(0, { title: 'VP Sales' })],
  'title-director': [id(0, { title: 'Director of IT' })],
  'title-manager': [id(0, { title: 'Senior Engineer' })],
  'title-junior': [id(0, { title: 'Marketing intern' })],
  'stated-title': [id(0, { title: 'Accountant' })],
  'size-1000': [id(0, { companySize: '1001-5000' })],
  'size-200': [id(0, { companySize: '201-500' })],
  'size-50': [id(0, { companySize: '51-200' })],
  'size-11': [id(0, { companySize: '11-50' })],
  'free-mail': [{ ...at(0), t: 'id', d: { email: 'ann@gmail.com' } }],
  'disposable-mail': [{ ...at(0), t: 'id', d: { email: 'ann@mailinator.com' } }],
  referred: [pv(0, '/?utm_source=Partner&utm_medium=referral'), id(MIN, {})],
}

/** What the Worker makes of a batch: its events and the profile the lead would get. */
function asWorker(e: WireEvent[]) {
  const batch: WireBatch = BatchSchema.parse({ s: 'demo', v: 'v1', e })
  const { events } = normaliseEvents(batch, T0)
  const identity = extractIdentity(events)
  const touch = visitorTouch(undefined, events)
  return { events, profile: { ...identity.profile, ...touchProfile(touch), ...(identity.email ? { email: identity.email } : {}) } }
}

describe('the default model scores live data', () => {
  const rules = [...DEFAULT_MODEL.behaviour.map((r) => r.id), ...DEFAULT_MODEL.fit.map((r) => r.id)]

  it.each(rules)('%s fires from a snippet-shaped batch', (rule) => {
    const wire = WIRE[rule]
    expect(wire, `no browser batch for rule ${rule}: a default rule must be able to fire live`).toBeDefined()
    const { events, profile } = asWorker(wire)
    const result = scoreHistory({ events, profile, model: DEFAULT_MODEL, now: T0 })
    expect(result.features[`rule:${rule}`], JSON.stringify({ profile, events })).toBeGreaterThan(0)
  })

  it('no profile field the default model reads is outside what the wire or the first touch supplies', () => {
    const { profile } = asWorker([pv(0, '/?utm_source=a&utm_medium=b&utm_campaign=c'), id(MIN, { title: 't', companySize: '5' })])
    const live = new Set<string>([...Object.keys(profile), ...PROFILE_FIELDS])
    expect(DEFAULT_MODEL.fit.map((r) => r.field).filter((f) => !live.has(f))).toEqual([])
  })
})
