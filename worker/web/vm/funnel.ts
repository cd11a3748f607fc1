/**
 * The funnel page's range form and number formats. Pure: `now` is passed in.
 * The form speaks in whole UTC days, both ends included, so a range typed once always means the same
 * leads; the query the API answers is the half-open [since 00:00, the day after until 00:00).
 */
import { z } from 'zod'

const DAY_MS = 86_400_000
/** The default range: the last 90 days, today included. */
export const DEFAULT_DAYS = 90

const day = z.union([z.literal(''), z.iso.date()]).optional()
const RangeQuery = z.object({ since: day, until: day })

export type FunnelRange =
  | { ok: true; since: number; until: number; form: { since: string; until: string } }
  | { ok: false; error: string; form: { since: string; until: string } }

const iso = (t: number) => new Date(t).toISOString().slice(0, 10)

/**
 * The window a funnel form asks for, or why it cannot be read.
 * @example
 * funnelRange({ since: '2026-01-01', until: '2026-01-31' }, now) // { ok: true, since: Date.parse('2026-01-01'), until: Date.parse('2026-02-01'), … }
 * funnelRange({}, Date.parse('2026-03-31T12:00:00Z')).form // { since: '2026-01-01', until: '2026-03-31' }
 */
export function funnelRange(query: Record<string, string | undefined>, now: number): FunnelRange {
  const raw = { since: String(query.since ?? '').slice(0, 40), until: String(query.until ?? '').slice(0, 40) }
  const parsed = RangeQuery.safeParse(raw)
  if (!parsed.success) return { ok: false, error: 'Dates must be written as YYYY-MM-DD.', form: raw }
  const untilDay = parsed.data.until || iso(now)
  const sinceDay = parsed.data.since || iso(Date.parse(untilDay) - (DEFAULT_DAYS - 1) * DAY_MS)
  const form = { since: sinceDay, until: untilDay }
  const since = Date.parse(sinceDay)
  const until = Date.parse(untilDay) + DAY_MS
  if (!(since < until)) return { ok: false, error: 'The first day must not be after the last day.', form }
  return { ok: true, since, until, form }
}

/**
 * A rate as a percentage with one decimal, or a dash when there was nothing to divide by.
 * @example
 * pct(0.3333) // '33.3%'
 * pct(null) // '—'
 */
export function pct(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`
}

/**
 * A wait given in hours, in the unit a person reads it best.
 * @example
 * hours(0.05) // '3 min'
 * hours(5.25) // '5.3 h'
 * hours(60) // '2.5 d'
 * hours(null) // '—'
 */
export function hours(h: number | null): string {
  if (h === null) return '—'
  if (h < 1) return `${Math.round(h * 60)} min`
  if (h < 48) return `${Math.round(h * 10) / 10} h`
  return `${Math.round((h / 24) * 10) / 10} d`
}
