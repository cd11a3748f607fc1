import type { WireBatch, WireEvent, WireProfile } from '../../snippet/types'
import type { EventType, ScoringEvent } from '../scoring/types'
import { LIMITS, normaliseEmail } from './validate'

const TYPES: Record<WireEvent['t'], EventType> = {
  pv: 'page_view',
  eng: 'engaged',
  dl: 'download',
  form: 'form_submit',
  id: 'identify',
  tr: 'custom',
}

/** An event as the ingest pipeline stores it; `id` is the client's `eid`; `hash` (identify only) is never stored. */
export type IncomingEvent = ScoringEvent & { eid: string; hash?: string }

/** Who a batch says the visitor is: the last email given, and every profile field given. */
export interface Identity {
  email: string | null
  profile: Record<string, string>
  /** the hash an identify call gave for `email` (unchecked here) */
  hash?: string
  /** set by the pipeline once the hash is checked against the site's identity secret */
  verified?: boolean
}

/**
 * Maps wire events to stored events: server-side names, client time clamped to `now` (a clock ahead of
 * ours must not put events in the future), events older than the snippet could hold dropped, and
 * repeats of one id within the batch folded.
 * @example
 * const { events, stale } = normaliseEvents(batch, Date.now())
 */
export function normaliseEvents(batch: WireBatch, now: number): { events: IncomingEvent[]; stale: number } {
  const seen = new Set<string>()
  const events: IncomingEvent[] = []
  let stale = 0
  for (const w of batch.e) {
    if (w.ts < now - LIMITS.maxAgeMs) {
      stale++
      continue
    }
    if (seen.has(w.i)) continue
    seen.add(w.i)
    const e: IncomingEvent = { id: w.i, eid: w.i, type: TYPES[w.t], at: Math.min(w.ts, now), path: w.p }
    switch (w.t) {
      case 'pv':
        e.props = pick({ title: w.ti, referrer: w.r })
        break
      case 'eng':
        e.seconds = w.n
        break
      case 'dl':
        e.name = w.u
        break
      case 'form':
        e.name = w.f
        e.props = formProps(w.d)
        break
      case 'id':
        e.props = formProps(w.d)
        if (w.h) e.hash = w.h
        break
      case 'tr':
        e.name = w.n
        e.props = w.d
        break
    }
    if (e.props && Object.keys(e.props).length === 0) delete e.props
    events.push(e)
  }
  return { events, stale }
}

/** When a batch's accepted events happened: its oldest and newest (clamped) event times. */
export interface EventSpan {
  from: number
  to: number
}

/**
 * The span of a batch's accepted events, or null when none was accepted.
 * @example
 * eventSpan(plan.events) // { from: 1764064800000, to: 1764064852000 }
 */
export function eventSpan(events: readonly IncomingEvent[]): EventSpan | null {
  if (events.length === 0) return null
  let from = events[0].at
  let to = from
  for (const e of events) {
    if (e.at < from) from = e.at
    if (e.at > to) to = e.at
  }
  return { from, to }
}

/**
 * The identity a batch carries: the last valid email of an `identify` or form event, and the profile
 * fields given alongside it (later events win).
 * @example
 * extractIdentity(events) // { email: 'ana@acme.io', profile: { company: 'Acme', title: 'CTO' } }
 */
export function extractIdentity(events: IncomingEvent[]): Identity {
  let email: string | null = null
  const profile: Record<string, string> = {}
  const hashes = new Map<string, string>()
  for (const e of events) {
    if (e.type !== 'identify' && e.type !== 'form_submit') continue
    const p = (e.props ?? {}) as Record<string, string>
    const em = normaliseEmail(p.email)
    // Fields of a form without an email still describe the visitor, but only an email identifies.
    if (em) email = em
    if (em && e.hash) hashes.set(em, e.hash)
    for (const [k, v] of Object.entries(p)) if (k !== 'email' && typeof v === 'string' && v.trim()) profile[k] = v.trim()
  }
  if (!profile.name && (profile.firstName || profile.lastName)) {
    profile.name = [profile.firstName, profile.lastName].filter(Boolean).join(' ')
  }
  const hash = email ? hashes.get(email) : undefined
  return hash ? { email, profile, hash } : { email, profile }
}

function formProps(d: WireProfile): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(d)) if (v) out[k] = k === 'email' ? v.trim().toLowerCase() : v
  return out
}

function pick(o: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(o)) if (v) out[k] = v
  return out
}
