/**
 * A lead-file row as the browser journey that would have produced it: the page views, engaged time,
 * downloads and form of `rowToLead`, live (not imported), starting with a page view whose UTM parameters
 * carry the row's "Lead Source" as its first touch, plus the profile the Worker can know of that lead
 * (email and first touch only: nothing a browser never sends). `npm run eval:live` sends these journeys
 * through a real Worker and scores the same ones with the engine directly; both must rank alike.
 */
import type { WireEvent } from '../../snippet/types'
import type { Profile, ScoringEvent } from '../scoring/types'
import { DIRECT, touchOf, touchProfile } from '../scoring/touch'
import { columns } from './columns'
import { leadSourceQuery } from './lead-source'
import { type Outcome, rowToLead } from './leads-csv'

/**
 * One row's journey.
 * @example
 * const { email, events, profile, outcome } = rowToJourney(row, { now, index })
 */
export interface Journey {
  email: string
  /** oldest first; ids are `<n>` strings, unique within the journey */
  events: ScoringEvent[]
  /** what the Worker knows: email and first touch */
  profile: Profile
  outcome: Outcome | null
}

/**
 * The journey of one row: `rowToLead`'s events (not marked imported), with the first page view tagged
 * with the lead's source, or a landing page view added just before the first event when the row has no
 * visit (a form or an identify call happens on a page the snippet has already counted).
 * @example
 * rowToJourney({ 'Prospect ID': 'p1', 'Lead Source': 'Reference', 'Lead Origin': 'Lead Add Form', Converted: '1' }, { now, index: 0 }).profile
 * // → { email: 'lead-p1@import.invalid', source: 'reference', medium: 'referral' }
 */
export function rowToJourney(row: Record<string, string>, opts: { now: number; index: number }): Journey {
  const lead = rowToLead(row, opts)
  const query = leadSourceQuery(columns(row).text('Lead Source', 'source'))
  // a browser's clock gives whole milliseconds (the wire refuses others); the synthesised visit spacing need not
  const events: Omit<ScoringEvent, 'id'>[] = lead.events.map(({ id: _id, imported: _imported, ...e }) => ({ ...e, at: Math.round(e.at) }))
  const first = events.findIndex((e) => e.type === 'page_view')
  if (first >= 0) events[first] = { ...events[first], path: `${events[first].path}${query}` }
  else {
    const start = events[0]
    const path = start?.type === 'form_submit' && start.path ? start.path : '/'
    events.unshift({ type: 'page_view', at: (start?.at ?? opts.now) - 5_000, path: `${path}${query}` })
  }
  const landing = events.find((e) => e.type === 'page_view')
  const touch = touchOf(landing?.path)
  return {
    email: lead.email,
    events: events.map((e, n) => ({ ...e, id: String(n) })),
    profile: { email: lead.email, ...touchProfile(touch ?? DIRECT) },
    outcome: lead.outcome,
  }
}

/**
 * An event of a journey as the snippet puts it on the wire (`e[]` of POST /e).
 * @example
 * toWire({ id: '0', type: 'engaged', at: 1_764_000_000_000, path: '/courses', seconds: 12 }) // → { i: '0', ts: 1764000000000, t: 'eng', p: '/courses', n: 12 }
 */
export function toWire(e: ScoringEvent): WireEvent {
  const base = { i: e.id, ts: e.at }
  const path = e.path ?? '/'
  switch (e.type) {
    case 'page_view': {
      const r = e.props?.referrer
      return { ...base, t: 'pv', p: path, ...(typeof r === 'string' ? { r } : {}) }
    }
    case 'engaged':
      return { ...base, t: 'eng', p: path, n: e.seconds ?? 0 }
    case 'download':
      return { ...base, t: 'dl', p: path, u: e.name ?? '' }
    case 'form_submit':
      return { ...base, t: 'form', p: path, ...(e.name ? { f: e.name } : {}), d: stringProps(e.props) }
    case 'identify':
      return { ...base, t: 'id', d: stringProps(e.props) }
    case 'custom':
      return { ...base, t: 'tr', n: e.name ?? '', ...(e.path ? { p: e.path } : {}) }
  }
}

function stringProps(p: ScoringEvent['props']): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(p ?? {})) if (typeof v === 'string') out[k] = v
  return out
}
