/**
 * Where the first touch is kept: each visitor stores the earliest page view that carried UTM parameters
 * or a referrer; a lead holds the earliest of its visitors' (a visitor that identifies later with an
 * earlier touch replaces it). Later touches stay in the timeline as the page views' paths and referrers.
 */
import type { LeadRow, VisitorRow } from '../db/client'
import { DIRECT, type Touch, touchOf, touchProfile } from '../scoring/touch'
import type { IncomingEvent } from './normalise'

/** A touch and when it happened. */
export type TimedTouch = Touch & { at: number }

/**
 * The visitor's first touch after this batch: its stored one, unless a fresh page view carries an earlier
 * one (batches can arrive out of order).
 * @example
 * visitorTouch(undefined, [{ id: 'a', eid: 'a', type: 'page_view', at: 1, path: '/?utm_source=LinkedIn' }]) // → { source: 'linkedin', …, at: 1 }
 */
export function visitorTouch(stored: VisitorRow | undefined, fresh: readonly IncomingEvent[]): TimedTouch | null {
  let best = stored ? storedTouch(stored) : null
  for (const e of fresh) {
    if (e.type !== 'page_view' || (best && best.at <= e.at)) continue
    const referrer = typeof e.props?.referrer === 'string' ? e.props.referrer : undefined
    const t = touchOf(e.path, referrer)
    if (t) best = { ...t, at: e.at }
  }
  return best
}

/**
 * The earlier of two touches (the first one when they tie).
 * @example
 * earliest({ ...DIRECT, at: 2 }, { ...DIRECT, source: 'google', at: 1 }) // → the google one
 */
export function earliest(a: TimedTouch | null, b: TimedTouch | null): TimedTouch | null {
  if (!a) return b
  if (!b) return a
  return b.at < a.at ? b : a
}

/**
 * A lead's or visitor's stored touch, or null when it has none.
 * @example
 * storedTouch(lead) // → { source: 'linkedin', medium: 'paid', campaign: null, referrer: null, at: 1764… }
 */
export function storedTouch(row: Pick<LeadRow, 'source' | 'medium' | 'campaign' | 'referrer' | 'touchAt'>): TimedTouch | null {
  if (row.touchAt === null || row.source === null) return null
  return { source: row.source, medium: row.medium ?? 'none', campaign: row.campaign, referrer: row.referrer, at: row.touchAt }
}

/**
 * The touch columns of a row, and the profile fields fit rules read. A subject with page views but no
 * touch came in directly, unless its profile already names a source (an imported lead's).
 * @example
 * const { columns, profile } = touchFields(touch, lead.profile, true)
 */
export function touchFields(
  touch: TimedTouch | null,
  profile: Record<string, string | undefined>,
  hasVisited: boolean,
): { columns: Pick<LeadRow, 'source' | 'medium' | 'campaign' | 'referrer' | 'touchAt'>; profile: Record<string, string> } {
  if (touch) {
    return {
      columns: { source: touch.source, medium: touch.medium, campaign: touch.campaign, referrer: touch.referrer, touchAt: touch.at },
      profile: touchProfile(touch),
    }
  }
  const direct = hasVisited && (!profile.source || profile.source === DIRECT.source)
  return {
    columns: direct
      ? { source: DIRECT.source, medium: DIRECT.medium, campaign: null, referrer: null, touchAt: null }
      : { source: null, medium: null, campaign: null, referrer: null, touchAt: null },
    profile: direct ? touchProfile(DIRECT) : {},
  }
}
