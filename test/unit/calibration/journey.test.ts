import { describe, expect, it } from 'vitest'
import { rowToJourney, toWire } from '../../../worker/calibration/journey'
import { leadSourceQuery, leadSourceTouch } from '../../../worker/calibration/lead-source'
import { normaliseEvents } from '../../../worker/ingest/normalise'
import { BatchSchema } from '../../../worker/ingest/validate'

const NOW = Date.UTC(2026, 10, 1)
const row = (r: Record<string, string>) => ({ 'Prospect ID': 'p1', Converted: '1', ...r })

describe('a lead-file row as a browser journey', () => {
  it('tags the first page view with the lead source; the profile holds only email and first touch', () => {
    const j = rowToJourney(
      row({ 'Lead Source': 'Reference', TotalVisits: '3', 'Total Time Spent on Website': '500', 'Page Views Per Visit': '2.5', 'What is your current occupation': 'Student', 'Do Not Email': 'Yes' }),
      { now: NOW, index: 0 },
    )
    const pvs = j.events.filter((e) => e.type === 'page_view')
    expect(pvs[0].path).toMatch(/\?utm_source=Reference&utm_medium=referral$/)
    expect(pvs.slice(1).every((e) => !e.path!.includes('utm_'))).toBe(true)
    expect(j.profile).toEqual({ email: 'lead-p1@import.invalid', source: 'reference', medium: 'referral' })
    expect(j.events.every((e) => Number.isInteger(e.at) && !e.imported)).toBe(true)
    expect(j.outcome).toBe('won')
  })

  it('a lead without visits still loaded the page of its form: one landing view before it', () => {
    const j = rowToJourney(row({ 'Lead Source': 'Welingak Website', 'Lead Origin': 'Lead Add Form', TotalVisits: '0' }), { now: NOW, index: 0 })
    expect(j.events.map((e) => e.type)).toEqual(['page_view', 'form_submit'])
    expect(j.events[0].path).toBe('/enquire?utm_source=Welingak%20Website&utm_medium=referral')
    expect(j.events[0].at).toBeLessThan(j.events[1].at)
    expect(j.profile).toMatchObject({ source: 'welingak-website', medium: 'referral' })
  })

  it('direct traffic carries no UTM and is direct', () => {
    expect(leadSourceQuery('Direct Traffic')).toBe('')
    expect(leadSourceQuery(undefined)).toBe('')
    // the import mapping gives the lead what the Worker derives from the same landing page
    expect(leadSourceTouch('Direct Traffic')).toMatchObject({ source: 'direct', medium: 'none' })
    expect(leadSourceTouch('Pay per Click Ads')).toMatchObject({ source: 'pay-per-click-ads', medium: 'paid' })
    expect(leadSourceTouch('Reference')).toMatchObject({ source: 'reference', medium: 'referral' })
    expect(leadSourceTouch('')).toBeNull()
    expect(rowToJourney(row({ 'Lead Source': 'Direct Traffic', TotalVisits: '1' }), { now: NOW, index: 0 }).profile).toMatchObject({ source: 'direct', medium: 'none' })
  })

  it('the wire form of a journey is a valid batch that the Worker maps back to the same events', () => {
    const j = rowToJourney(
      row({ 'Lead Source': 'Google', 'Lead Origin': 'Landing Page Submission', TotalVisits: '4', 'Total Time Spent on Website': '901', 'Page Views Per Visit': '3.3', 'Last Activity': 'Olark Chat Conversation', 'A free copy of Mastering The Interview': 'Yes' }),
      { now: NOW, index: 0 },
    )
    const batch = BatchSchema.parse({ s: 'demo', v: 'v1', e: j.events.slice(0, 50).map(toWire) })
    const back = normaliseEvents(batch, NOW).events.map(({ eid: _eid, props: _props, ...e }) => e)
    const want = j.events.slice(0, 50).map(({ props: _props, ...e }) => e)
    expect(back).toEqual(want)
    expect(new Set(j.events.map((e) => e.type))).toEqual(new Set(['page_view', 'engaged', 'form_submit', 'download', 'custom']))
  })
})
