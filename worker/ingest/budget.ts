/**
 * Event budgets: what one visitor and one lead may add, so a flood can neither push a lead's real
 * history out of what scoring reads, nor make scoring it cost more without bound. Counted in the
 * snapshot's one D1 batch (bounded counts, no history read). Numbers and their arithmetic: docs/ingest.md.
 */
export const BUDGETS = {
  /** events one visitor id may add in any 24 hours */
  visitorPerDay: 1000,
  /** events one lead (all its devices) may add in any 24 hours */
  leadPerDay: 2000,
  /**
   * events stored for one lead (its visitors' anonymous ones once linked included); scoring from the
   * history reads this many (read.ts HISTORY_LIMIT), so a lead never holds more than it reads and
   * nothing real is ever pushed out
   */
  leadStored: 5000,
} as const

/** What the budgets are measured against, counted when the batch is read (each count stops at its budget). */
export interface BudgetCounts {
  /** events the visitor id added in the last 24 hours */
  visitorToday: number
  /** the visitor's anonymous events: they move to a lead it joins */
  visitorAnonymous: number
  /** per lead the batch may land on (the visitor's, the email's): events added in the last 24 hours, and stored */
  leads: Record<string, { today: number; stored: number }>
}

export const NO_COUNTS: BudgetCounts = { visitorToday: 0, visitorAnonymous: 0, leads: {} }

/**
 * How many of `wanted` new events fit the visitor's and the lead's budgets. A lead this batch creates has
 * nothing counted yet; a visitor joining a lead brings its anonymous events into the lead's stored ones.
 * @example
 * allowedEvents(snap.budget, { leadId: 'ld_1', joining: true }, 50) // 50, or fewer near a budget
 */
export function allowedEvents(c: BudgetCounts, who: { leadId: string | null; joining: boolean }, wanted: number): number {
  let left = Math.min(wanted, BUDGETS.visitorPerDay - c.visitorToday)
  if (who.leadId !== null) {
    const lead = c.leads[who.leadId] ?? { today: 0, stored: 0 }
    const stored = lead.stored + (who.joining ? c.visitorAnonymous : 0)
    left = Math.min(left, BUDGETS.leadPerDay - lead.today, BUDGETS.leadStored - stored)
  }
  return Math.max(0, left)
}
