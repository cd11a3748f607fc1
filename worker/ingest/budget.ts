import { DAY_MS } from '../scoring/time'

/**
 * Event budgets: what one visitor id and one lead may add in a day, so a flood can neither inflate a
 * lead's score nor fill the database without bound. Counted on the visitor and lead rows the request
 * reads anyway (a 24-hour window: its start and its count), so checking them reads no events and costs
 * the same however long the history is. Numbers and their arithmetic: docs/ingest.md.
 */
export const BUDGETS = {
  /** events one visitor id may add in a 24-hour window */
  visitorPerDay: 1000,
  /** events one lead (all its devices) may add in a 24-hour window */
  leadPerDay: 2000,
} as const

/** A budget window as the row keeps it: when it opened (null: never) and the events added since. */
export interface DayWindow {
  budgetDayFrom: number | null
  budgetDayEvents: number
}

/**
 * The events counted against a row's budget at `now`: its window's count while the window is under 24
 * hours old, else 0 (the next event opens a new window).
 * @example
 * dayCount({ budgetDayFrom: now - 3_600_000, budgetDayEvents: 40 }, now) // 40
 */
export function dayCount(w: DayWindow | undefined, now: number): number {
  return w && w.budgetDayFrom !== null && w.budgetDayFrom > now - DAY_MS ? w.budgetDayEvents : 0
}

/**
 * The window to store after adding `added` events at `now` to `counted` already in the windows `open`
 * (those still counting; a visitor joining a lead brings its own). A new window opens at `now` when none
 * is open; with nothing counted or added, `prev` stays as it was.
 * @example
 * windowAfter(lead, dayCount(lead, now), 10, now, [lead]) // { budgetDayFrom: lead.budgetDayFrom, budgetDayEvents: n + 10 }
 */
export function windowAfter(prev: DayWindow, counted: number, added: number, now: number, open: (DayWindow | undefined)[]): DayWindow {
  if (counted + added === 0) return { budgetDayFrom: prev.budgetDayFrom, budgetDayEvents: prev.budgetDayEvents }
  const starts = open.filter((w) => dayCount(w, now) > 0).map((w) => w!.budgetDayFrom as number)
  return { budgetDayFrom: starts.length ? Math.min(...starts) : now, budgetDayEvents: counted + added }
}

/**
 * How many of `wanted` new events fit: what is left of the visitor's day, and of the lead's (null when
 * the batch lands on no lead).
 * @example
 * allowedEvents({ visitorToday: 990, leadToday: 0 }, 50) // 10
 */
export function allowedEvents(c: { visitorToday: number; leadToday: number | null }, wanted: number): number {
  let left = Math.min(wanted, BUDGETS.visitorPerDay - c.visitorToday)
  if (c.leadToday !== null) left = Math.min(left, BUDGETS.leadPerDay - c.leadToday)
  return Math.max(0, left)
}
