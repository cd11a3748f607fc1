/**
 * Hand-raisers: explicit requests to talk to sales. They make a lead SQL at once, whatever its points,
 * so they are detected apart from the point rules (which may also award points for the same event).
 */
import type { Model } from './model'
import { matches } from './patterns'
import type { PreparedEvent } from './prepare'
import type { HandRaise } from './types'

/**
 * The hand-raise rule an event triggers, or null. Custom events match by exact name (case-insensitive);
 * form submits match the form pattern on their name/id/action or their page path.
 * @example
 * handRaiseRule({ id: 'a', type: 'form_submit', at: 0, name: 'talk_to_sales', session: 0 }, DEFAULT_MODEL) // 'hand-raise:form'
 * handRaiseRule({ id: 'b', type: 'form_submit', at: 0, name: 'newsletter', path: '/blog', session: 0 }, DEFAULT_MODEL) // null
 */
export function handRaiseRule(e: PreparedEvent, model: Model): string | null {
  const hr = model.handRaisers
  if (e.type === 'custom' && e.name) {
    const name = e.name.toLowerCase()
    const hit = hr.events.find((x) => x.toLowerCase() === name)
    return hit ? `hand-raise:event:${hit}` : null
  }
  if (e.type === 'form_submit' && hr.formPattern !== null) {
    if (matches(hr.formPattern, e.name) || matches(hr.formPattern, e.path)) return 'hand-raise:form'
  }
  return null
}

/**
 * The newest hand-raise of a prepared (sorted) history, and how many there were.
 * @example
 * findHandRaise(prepared, DEFAULT_MODEL) // { latest: { eventId: 'v1:9', at: …, rule: 'hand-raise:event:demo_requested' }, count: 1 }
 */
export function findHandRaise(events: readonly PreparedEvent[], model: Model): { latest: HandRaise | null; count: number } {
  let latest: HandRaise | null = null
  let count = 0
  for (const e of events) {
    const rule = handRaiseRule(e, model)
    if (!rule) continue
    count++
    latest = { eventId: e.id, at: e.at, rule }
    if (e.imported) latest.imported = true
  }
  return { latest, count }
}
