import type { events } from '../../schema/tables'
import type { ScoringEvent } from '../scoring/types'
import type { EventRow } from './client'

/** D1 binds at most 100 parameters per statement; an event row has 12 columns. */
export const EVENTS_PER_INSERT = 8

/**
 * A stored event as the engine sees it; ids are prefixed by visitor, since client ids are only
 * unique per browser.
 * @example
 * toScoringEvent(row) // { id: 'vi_…:a1', type: 'page_view', at: 1764…, path: '/pricing' }
 */
export function toScoringEvent(r: EventRow): ScoringEvent {
  const e: ScoringEvent = { id: `${r.visitorId}:${r.eid}`, type: r.type as ScoringEvent['type'], at: r.at }
  if (r.path !== null) e.path = r.path
  if (r.name !== null) e.name = r.name
  if (r.seconds !== null) e.seconds = r.seconds
  if (r.props) e.props = r.props
  if (r.imported) e.imported = true
  return e
}

/**
 * The row to store for an event (the inverse of toScoringEvent): `eid` is the client's id.
 * @example
 * toEventRow({ ...event, eid: 'a1' }, { siteId, visitorId, leadId, receivedAt: now, imported: false })
 */
export function toEventRow(
  e: ScoringEvent & { eid: string },
  where: { siteId: string; visitorId: string; leadId: string | null; receivedAt: number; imported: boolean },
): typeof events.$inferInsert {
  return {
    ...where,
    eid: e.eid,
    type: e.type,
    path: e.path ?? null,
    name: e.name ?? null,
    seconds: e.seconds ?? null,
    props: e.props ?? null,
    at: e.at,
  }
}
