/**
 * Maps one row of a historical lead file (the column vocabulary of the X Education "Leads.csv") to the
 * events and profile the snippet would have produced, plus the recorded outcome. Shared by the offline
 * harness (scripts/eval-scoring.ts) and the import endpoint, so both see leads identically.
 *
 * Only what a website could observe is used. Columns filled in after sales contact (Tags, Lead Quality,
 * Lead Profile, Asymmetrique *, Last Notable Activity) are never read, and Last Activity is read through
 * an allow-list of web-observable values, so sales-side values (SMS Sent, Had a Phone Conversation,
 * Unreachable, Email Bounced, …) produce nothing.
 */
import type { Profile, ScoringEvent } from '../scoring/types'
import { touchProfile } from '../scoring/touch'
import { columns, slug } from './columns'
import { leadSourceTouch } from './lead-source'
import { hashString } from './random'
import { buildSessions } from './sessions'

/**
 * How a lead ended.
 * @example
 * const o: Outcome = 'won'
 */
export type Outcome = 'won' | 'lost'

/**
 * One row as the snippet would have seen it.
 * @example
 * const { email, profile, events, outcome }: MappedLead = rowToLead(row, { now, index })
 */
export interface MappedLead {
  email: string
  profile: Profile
  /** ordered by time; ids are `<lead id>:<n>`; every event is marked `imported` */
  events: ScoringEvent[]
  outcome: Outcome | null
}

type Draft = Omit<ScoringEvent, 'id'>

/** Web-observable values of Last Activity and the event each becomes; everything else is ignored. */
const LAST_ACTIVITY: Record<string, (path: string) => Draft> = {
  'page visited on website': (path) => ({ type: 'page_view', at: 0, path }),
  'form submitted on website': () => ({ type: 'form_submit', at: 0, path: '/contact', name: 'contact' }),
  'converted to lead': () => ({ type: 'form_submit', at: 0, path: '/signup', name: 'lead-signup' }),
  // A chat widget on the site reports through leadbeacon('track', 'chat_started').
  'olark chat conversation': () => ({ type: 'custom', at: 0, path: '/', name: 'chat_started' }),
  // The click lands on the site with the campaign's utm parameters, which the snippet keeps.
  'email link clicked': () => ({ type: 'page_view', at: 0, path: '/courses?utm_medium=email' }),
  // The unsubscribe link opens the site's preference page: a page view the snippet records.
  unsubscribed: () => ({ type: 'page_view', at: 0, path: '/unsubscribe' }),
}

/** Lead origins that are a form on the site, and the form each stands for. */
const ORIGIN_FORMS: Record<string, { path: (topic: string) => string; name: string }> = {
  'landing page submission': { path: (topic) => `/lp/${topic}`, name: 'landing-page' },
  'lead add form': { path: () => '/enquire', name: 'lead-add-form' },
  'quick add form': { path: () => '/enquire', name: 'quick-add-form' },
}

/**
 * Maps one CSV record. Empty, "Select" or absent columns are unknown (left out of the profile, no
 * event). The email is the row's own when present, else a stable `lead-<id>@import.invalid`.
 * Converted 1/0 (or an `outcome` column won/lost) gives the outcome; anything else is null.
 * @example
 * const lead = rowToLead({ 'Prospect ID': 'p1', 'Lead Origin': 'Lead Add Form', Converted: '1', TotalVisits: '0' }, { now: Date.UTC(2026, 0, 31), index: 0 })
 * lead.email // → 'lead-p1@import.invalid'
 * lead.events.map((e) => e.type) // → ['form_submit']
 * lead.outcome // → 'won'
 */
export function rowToLead(row: Record<string, string>, opts: { now: number; index: number }): MappedLead {
  const c = columns(row)
  const id = slug(c.text('Prospect ID', 'Lead Number', 'id', 'lead id') ?? `row-${opts.index}`)
  const givenEmail = c.text('email', 'e-mail', 'email address')
  const email = givenEmail && /^[^@\s]+@[^@\s]+$/.test(givenEmail) ? givenEmail.toLowerCase() : `lead-${id}@import.invalid`

  const specialization = c.text('Specialization', 'specialisation')
  const origin = c.text('Lead Origin', 'origin')
  const topic = specialization ? slug(specialization) : 'all'
  const form = origin ? ORIGIN_FORMS[origin.toLowerCase()] : undefined
  const hash = hashString(id)

  const sessions = buildSessions({
    visits: c.number('TotalVisits', 'Total Visits', 'visits'),
    seconds: c.number('Total Time Spent on Website', 'time on site', 'seconds'),
    pagesPerVisit: c.number('Page Views Per Visit', 'pages per visit'),
    landingPath: form?.name === 'landing-page' ? form.path(topic) : '/',
    topicPath: `/courses/${topic}`,
    hash,
    now: opts.now,
  })

  const lastKey = c.text('Last Activity')?.toLowerCase()
  const last = lastKey ? LAST_ACTIVITY[lastKey] : undefined
  // "Converted to Lead" as the last activity is the origin form itself when there is one: nothing followed it.
  const lastIsOriginForm = lastKey === 'converted to lead' && form !== undefined

  const drafts: Draft[] = []
  const firstEnd = sessions.length ? sessions[0].end : opts.now - 2 * 3_600_000 - (hash % 3_600_000)
  const formEvent = form && {
    type: 'form_submit' as const,
    at: 0,
    path: form.path(topic),
    name: form.name,
    props: { email },
  }
  sessions.forEach((s, k) => {
    drafts.push(...s.events)
    if (k === 0 && formEvent && !lastIsOriginForm) drafts.push({ ...formEvent, at: firstEnd })
  })
  if (sessions.length === 0 && formEvent && !lastIsOriginForm) drafts.push({ ...formEvent, at: firstEnd })
  const afterAll = Math.max(firstEnd, sessions.length ? sessions[sessions.length - 1].end : 0) + 60_000

  // The interview guide is a lead magnet ticked on the sign-up form: a document download.
  if (c.flag('A free copy of Mastering The Interview')) {
    drafts.push({ type: 'download', at: firstEnd + 1000, path: '/resources', name: '/downloads/mastering-the-interview.pdf' })
  }
  if (lastIsOriginForm && formEvent) drafts.push({ ...formEvent, at: afterAll })
  else if (last) {
    const d = last(`/courses/${topic}`)
    // a form on the site asks for the email: that is what identifies the visitor live
    drafts.push(d.type === 'form_submit' ? { ...d, props: { email }, at: afterAll } : { ...d, at: afterAll })
  }
  if (!drafts.some((d) => d.type === 'form_submit')) {
    // Leads made by an API or an import were identified without a form on the site.
    drafts.push({ type: 'identify', at: afterAll + 1000, props: { email } })
  }

  const events = drafts
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.at - b.d.at || a.i - b.i)
    .map(({ d }, n): ScoringEvent => ({ ...d, id: `${id}:${n}`, imported: true }))

  return { email, profile: buildProfile(c, email), events, outcome: readOutcome(c) }
}

function buildProfile(c: ReturnType<typeof columns>, email: string): Profile {
  const profile: Profile = { email }
  const fields: [keyof Profile & string, string[]][] = [
    ['occupation', ['What is your current occupation', 'occupation']],
    ['specialization', ['Specialization', 'specialisation']],
    ['industry', ['industry']],
    ['title', ['title', 'job title']],
    ['company', ['company']],
    ['companySize', ['company size', 'companySize']],
    ['country', ['Country']],
    ['city', ['City']],
    ['origin', ['Lead Origin', 'origin']],
    ['heardFrom', ['How did you hear about X Education', 'heard from']],
    ['motivation', ['What matters most to you in choosing a course', 'What matters most to you in choosing this course']],
  ]
  for (const [key, names] of fields) {
    const v = c.text(...names)
    if (v !== undefined) profile[key] = v
  }
  // The source as the Worker would have read it from the landing page's UTM parameters, with its channel.
  const touch = leadSourceTouch(c.text('Lead Source', 'source'))
  if (touch) Object.assign(profile, touchProfile(touch))
  // Opt-outs are ticked on the sign-up form, so the site sees them.
  if (c.flag('Do Not Email') !== undefined) profile.doNotEmail = c.flag('Do Not Email') ? 'yes' : 'no'
  if (c.flag('Do Not Call') !== undefined) profile.doNotCall = c.flag('Do Not Call') ? 'yes' : 'no'
  return profile
}

function readOutcome(c: ReturnType<typeof columns>): Outcome | null {
  const o = c.text('outcome')?.toLowerCase()
  if (o === 'won' || o === 'lost') return o
  const converted = c.flag('Converted')
  return converted === undefined ? null : converted ? 'won' : 'lost'
}
