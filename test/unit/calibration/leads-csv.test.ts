import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCsvRecords } from '../../../worker/calibration/csv'
import { rowToLead } from '../../../worker/calibration/leads-csv'

const now = Date.UTC(2026, 0, 31, 12)
const HEADER =
  'Prospect ID,Lead Number,Lead Origin,Lead Source,Do Not Email,Do Not Call,Converted,TotalVisits,Total Time Spent on Website,Page Views Per Visit,Last Activity,Country,Specialization,How did you hear about X Education,What is your current occupation,What matters most to you in choosing a course,Tags,Lead Quality,Lead Profile,City,Asymmetrique Activity Index,Asymmetrique Profile Index,Asymmetrique Activity Score,Asymmetrique Profile Score,A free copy of Mastering The Interview,Last Notable Activity'
const ROW =
  '8cc8c611,660727,Landing Page Submission,Direct Traffic,No,No,1,2,1532,2,Email Opened,India,Business Administration,Select,Student,Better Career Prospects,Will revert after reading the email,Might be,Potential Lead,Mumbai,02.Medium,01.High,14,20,Yes,Email Opened'
const base = parseCsvRecords(`${HEADER}\n${ROW}\n`)[0]

describe('rowToLead', () => {
  it('turns visits, pages per visit and time on site into sessions of page views and engaged time', () => {
    const lead = rowToLead(base, { now, index: 0 })
    const views = lead.events.filter((e) => e.type === 'page_view')
    const engaged = lead.events.filter((e) => e.type === 'engaged')
    expect(views).toHaveLength(4) // 2 visits × 2 pages
    expect(engaged.reduce((s, e) => s + (e.seconds ?? 0), 0)).toBe(1532)
    expect(lead.events.every((e) => e.at < now && e.imported === true)).toBe(true)
    const ats = lead.events.map((e) => e.at)
    expect([...ats].sort((a, b) => a - b)).toEqual(ats)
    expect(new Set(lead.events.map((e) => e.id)).size).toBe(lead.events.length)
  })

  it('makes the landing-page origin a form submit and the interview guide a download', () => {
    const lead = rowToLead(base, { now, index: 0 })
    const forms = lead.events.filter((e) => e.type === 'form_submit')
    expect(forms).toHaveLength(1)
    expect(forms[0].path).toBe('/lp/business-administration')
    expect(lead.events.filter((e) => e.type === 'download')).toHaveLength(1)
  })

  it('keeps form-only leads (no visit) as a form submit, without browsing', () => {
    const lead = rowToLead({ ...base, 'Lead Origin': 'Lead Add Form', TotalVisits: '0', 'Total Time Spent on Website': '0', 'Page Views Per Visit': '0', 'A free copy of Mastering The Interview': 'No' }, { now, index: 0 })
    expect(lead.events.map((e) => e.type)).toEqual(['form_submit'])
  })

  it('maps profile answers, treating empty, "Select" and absent columns as unknown', () => {
    const lead = rowToLead(base, { now, index: 0 })
    expect(lead.profile).toMatchObject({ occupation: 'Student', specialization: 'Business Administration', country: 'India', city: 'Mumbai', source: 'direct', medium: 'none', origin: 'Landing Page Submission', doNotEmail: 'no' })
    expect('heardFrom' in lead.profile).toBe(false) // "Select"
    const sparse = rowToLead({ 'Lead Number': '77', Country: '', Converted: '0' }, { now, index: 3 })
    expect(sparse.profile).toEqual({ email: 'lead-77@import.invalid' })
    expect(sparse.events.map((e) => e.type)).toEqual(['identify'])
    expect(sparse.outcome).toBe('lost')
  })

  it('synthesises a stable email from the lead id, or from the row index without one', () => {
    expect(rowToLead(base, { now, index: 0 }).email).toBe('lead-8cc8c611@import.invalid')
    expect(rowToLead({}, { now, index: 12 }).email).toBe('lead-row-12@import.invalid')
    expect(rowToLead({ Email: 'Ann@Example.com' }, { now, index: 0 }).email).toBe('ann@example.com')
  })

  it('reads the outcome from Converted or an outcome column; unknown otherwise', () => {
    expect(rowToLead({ Converted: '1' }, { now, index: 0 }).outcome).toBe('won')
    expect(rowToLead({ outcome: 'Lost' }, { now, index: 0 }).outcome).toBe('lost')
    expect(rowToLead({ Converted: 'maybe' }, { now, index: 0 }).outcome).toBeNull()
  })

  it('maps web-observable last activities to events and ignores sales-side ones', () => {
    const withLast = (v: string) => rowToLead({ ...base, 'Last Activity': v }, { now, index: 0 }).events
    const plain = withLast('')
    expect(withLast('Form Submitted on Website').length).toBe(plain.length + 1)
    expect(withLast('Olark Chat Conversation').some((e) => e.type === 'custom' && e.name === 'chat_started')).toBe(true)
    expect(withLast('Page Visited on Website').filter((e) => e.type === 'page_view').length).toBe(5)
    for (const sales of ['SMS Sent', 'Had a Phone Conversation', 'Unreachable', 'Email Bounced', 'Approached upfront', 'Email Opened'])
      expect(withLast(sales)).toEqual(plain)
  })

  it('is deterministic', () => {
    expect(rowToLead(base, { now, index: 0 })).toEqual(rowToLead(base, { now, index: 0 }))
  })

  it('never lets the leaky columns influence the mapping', () => {
    const leaky = ['Tags', 'Lead Quality', 'Lead Profile', 'Asymmetrique Activity Index', 'Asymmetrique Profile Index', 'Asymmetrique Activity Score', 'Asymmetrique Profile Score', 'Last Notable Activity']
    const reference = rowToLead(base, { now, index: 0 })
    const value = fc.oneof(fc.constantFrom('', 'Select', 'Closed by Horizzon', 'High in Relevance', 'SMS Sent', '01.High', '20', 'Converted to Lead', 'Yes', '1'), fc.string())
    fc.assert(
      fc.property(fc.array(value, { minLength: leaky.length, maxLength: leaky.length }), (vals) => {
        const changed: Record<string, string> = { ...base }
        leaky.forEach((k, i) => {
          changed[k] = vals[i]
        })
        expect(rowToLead(changed, { now, index: 0 })).toEqual(reference)
        const { Tags: _dropped, ...withoutTags } = changed
        expect(rowToLead(withoutTags, { now, index: 0 })).toEqual(reference)
      }),
    )
  })
})
