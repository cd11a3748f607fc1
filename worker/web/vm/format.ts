/** Small formatting helpers for pages. Pure: `now` is passed in. */

/**
 * "just now", "5 min ago", "3 h ago", "2 d ago", or the date for anything older than 60 days.
 * @example
 * ago(Date.parse('2026-01-01T10:00:00Z'), Date.parse('2026-01-01T10:05:00Z')) // '5 min ago'
 */
export function ago(at: number | string | null, now: number): string {
  if (at === null) return '—'
  const t = typeof at === 'string' ? Date.parse(at) : at
  const s = Math.max(0, Math.round((now - t) / 1000))
  if (s < 60) return 'just now'
  if (s < 3600) return `${Math.floor(s / 60)} min ago`
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`
  if (s < 60 * 86_400) return `${Math.floor(s / 86_400)} d ago`
  return new Date(t).toISOString().slice(0, 10)
}

/**
 * An instant as "2026-05-01 10:00 UTC".
 * @example
 * utc(Date.parse('2026-05-01T10:00:00Z')) // '2026-05-01 10:00 UTC'
 */
export function utc(at: number | string): string {
  const t = typeof at === 'string' ? Date.parse(at) : at
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/**
 * Points with a sign, one decimal at most.
 * @example
 * signed(4.25) // '+4.3'
 */
export function signed(p: number): string {
  const r = Math.round(p * 10) / 10
  return `${r > 0 ? '+' : r < 0 ? '−' : '±'}${Math.abs(r)}`
}

/** The time windows the hot-leads filter offers, in ms. */
export const SINCE: Record<string, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 }
