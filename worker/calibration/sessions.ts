/**
 * Turns the aggregate web columns of a lead file (visits, time on site, pages per visit) back into the
 * sessions of page views and engaged time the snippet would have recorded. The file has no paths or
 * timestamps, so both are synthesised deterministically; see docs/scoring-quality.md for the choices.
 */
import type { ScoringEvent } from '../scoring/types'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/**
 * Caps keep one pathological row (hundreds of visits) from producing thousands of events.
 * @example
 * buildSessions({ ...input, visits: 251 }).length === MAX_SESSIONS // → true
 */
export const MAX_SESSIONS = 100
/**
 * @example
 * // 100 visits × 55 pages each still make at most MAX_PAGE_VIEWS page views
 */
export const MAX_PAGE_VIEWS = 400

/**
 * One synthesised visit: its events, oldest first, without ids (the caller numbers the whole history).
 * @example
 * const s: Session = { start: t, end: t + 65_000, events: [{ type: 'page_view', at: t, path: '/' }] }
 */
export interface Session {
  start: number
  end: number
  events: Omit<ScoringEvent, 'id'>[]
}

/**
 * The web columns of one row, already parsed (undefined = unknown).
 * @example
 * const b: BrowsingInput = { visits: 2, seconds: 300, landingPath: '/', topicPath: '/courses/all', hash: 7, now }
 */
export interface BrowsingInput {
  /** TotalVisits; undefined = unknown */
  visits?: number
  /** Total Time Spent on Website, seconds; undefined = unknown */
  seconds?: number
  /** Page Views Per Visit; undefined = unknown (one page per visit is assumed) */
  pagesPerVisit?: number
  /** first page of the first visit (a landing page, or "/") */
  landingPath: string
  /** the page about the lead's topic of interest, e.g. "/courses/finance-management" */
  topicPath: string
  /** a stable per-row number that jitters times, so leads do not all share the same clock */
  hash: number
  now: number
}

/**
 * Builds the visits: `visits` sessions (at least one when time on site is recorded), the page views
 * shared out so each session has at least one, and the time on site shared out as one engaged event
 * per page view. Visits are spaced over the last four weeks at most, the latest a few hours before `now`.
 * Pages follow a fixed tour of neutral content pages (home → courses → topic → admissions …), starting
 * one page further on each later visit; the file itself records no paths, so no pricing, careers or
 * support page is ever invented.
 * @example
 * const s = buildSessions({ visits: 2, seconds: 300, pagesPerVisit: 2, landingPath: '/', topicPath: '/courses/x', hash: 1, now: Date.UTC(2026, 0, 31) })
 * s.length // → 2; 4 page views and 4 engaged events summing to 300 seconds
 */
export function buildSessions(input: BrowsingInput): Session[] {
  const seconds = Math.round(input.seconds ?? 0)
  let visits = Math.round(input.visits ?? 0)
  if (visits === 0 && seconds > 0) visits = 1 // time on site implies at least one visit
  visits = Math.min(visits, MAX_SESSIONS)
  if (visits === 0) return []
  const ppv = input.pagesPerVisit && input.pagesPerVisit > 0 ? input.pagesPerVisit : 1
  const totalPages = Math.min(MAX_PAGE_VIEWS, Math.max(visits, Math.round(visits * ppv)))
  // Neutral content pages only: the file records no paths, so rules about pricing, careers or support
  // pages must neither fire nor misfire on a guess.
  const tour = ['/courses', input.topicPath, '/admissions', '/reviews', '/faq', '/about', '/blog/study-guide', '/events']

  const gap = Math.min(3 * DAY, Math.max(2 * HOUR, (28 * DAY) / visits))
  const lastStart = input.now - HOUR - (input.hash % (6 * HOUR))
  const sessions: Session[] = []
  let pageIndex = 0
  for (let k = 0; k < visits; k++) {
    const pages = Math.floor(totalPages / visits) + (k < totalPages % visits ? 1 : 0)
    const start = lastStart - (visits - 1 - k) * gap + ((input.hash >>> (k % 16)) % 600) * 1000
    const events: Omit<ScoringEvent, 'id'>[] = []
    let t = start
    for (let j = 0; j < pages; j++) {
      const path = j === 0 ? (k === 0 ? input.landingPath : '/') : tour[(k + j - 1) % tour.length]
      // Share the recorded seconds out evenly; the remainder goes to the earliest pages.
      const secs = Math.floor(seconds / totalPages) + (pageIndex < seconds % totalPages ? 1 : 0)
      pageIndex++
      events.push({ type: 'page_view', at: t, path })
      if (secs > 0) events.push({ type: 'engaged', at: t + secs * 1000, path, seconds: secs })
      t += (secs + 5) * 1000
    }
    sessions.push({ start, end: t, events })
  }
  return sessions
}
