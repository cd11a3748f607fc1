/**
 * Delivery policy, pure and deterministic: how long to wait before the next try, how many tries there
 * are, and what an HTTP answer means for the alert. Which URLs are acceptable is url-policy.ts.
 */

/** Tries per alert, the first included; after the last failure the alert is `failed`. */
export const MAX_ATTEMPTS = 8
/** One HTTP POST may take this long before it counts as a timeout (and is retried). */
export const DELIVERY_TIMEOUT_MS = 10_000
/** One send through the email binding may take this long before it counts as a timeout. */
export const EMAIL_TIMEOUT_MS = 10_000
/** Writing a try's result back: up to 3 D1 writes (finish retries), each bounded by D1's own timeouts. */
export const SETTLE_BUDGET_MS = 15_000
/**
 * A claimed row is held this long; a sender that died is replaced once it lapses. Longer than the
 * slowest send (HTTP or email) plus the write that settles it, so no other sender can claim a row
 * whose result is still being recorded: that window is the only place a duplicate could come from.
 */
export const LEASE_MS = 30_000
/** Rows one site may have claimed per cron run: a site whose endpoint hangs cannot use up the run. */
export const PER_SITE_PER_RUN = 2
/** Production backoff: 1, 2, 4, 8, 16, 32, 60 min → the 8th try ~2 h after the first. */
export const BACKOFF_BASE_MS = 60_000
export const BACKOFF_CAP_MS = 60 * 60_000
/** Local backoff: 5, 10, 20, 40, 40… s, so with the dev server's ~20 s cron each retry comes within ~1 min. */
export const LOCAL_BACKOFF_BASE_MS = 5_000
export const LOCAL_BACKOFF_CAP_MS = 40_000
/** A Retry-After is honoured up to this; beyond it, the endpoint is treated as down for that long. */
export const RETRY_AFTER_MAX_MS = 6 * 60 * 60_000

/** What an answer means: delivered, try again later, the endpoint is gone, or it will never work. */
export type Outcome = 'sent' | 'retry' | 'broken' | 'failed'

/**
 * The wait before the next try after `attempt` failed tries (1 = the first failed): exponential,
 * capped, no jitter (deterministic, and the cron's own granularity already spreads retries). A
 * Retry-After is never undercut: the wait is at least what the endpoint asked, up to 6 h.
 * @example
 * backoffMs(1) // → 60_000
 * backoffMs(3, null, { local: true }) // → 20_000
 * backoffMs(1, 120_000) // → 120_000
 */
export function backoffMs(attempt: number, retryAfterMs?: number | null, opts: { local?: boolean } = {}): number {
  const base = opts.local ? LOCAL_BACKOFF_BASE_MS : BACKOFF_BASE_MS
  const cap = opts.local ? LOCAL_BACKOFF_CAP_MS : BACKOFF_CAP_MS
  const n = Math.max(1, Math.floor(Number.isFinite(attempt) ? attempt : 1))
  const exp = Math.min(cap, base * 2 ** Math.min(n - 1, 30))
  if (retryAfterMs == null || !Number.isFinite(retryAfterMs)) return exp
  return Math.max(exp, Math.min(Math.max(0, retryAfterMs), RETRY_AFTER_MAX_MS))
}

/**
 * A Retry-After header in ms from `now`: delay-seconds or an HTTP date; null when absent or unreadable.
 * @example
 * parseRetryAfter('120', 0) // → 120_000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.UTC(2015, 9, 21, 7, 27)) // → 60_000
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (value == null) return null
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v) * 1000
  if (!/[a-z]/i.test(v)) return null
  const at = Date.parse(v)
  return Number.isNaN(at) ? null : Math.max(0, at - now)
}

/**
 * What an HTTP status means for the alert. 2xx delivered; 404/410 the endpoint is gone (permanent: the
 * channel is marked broken); 408/425/429/5xx transient (retry); 3xx and other 4xx will not get better.
 * @example
 * classifyStatus(503) // → 'retry'
 * classifyStatus(410) // → 'broken'
 */
export function classifyStatus(status: number): Outcome {
  if (status >= 200 && status <= 299) return 'sent'
  if (status === 404 || status === 410) return 'broken'
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'retry'
  return 'failed'
}

/**
 * The next step after a try: retry later, or give up as `failed` when that was the last try.
 * @example
 * afterFailure(8, null, 0) // → { status: 'failed' }
 * afterFailure(1, null, 0) // → { status: 'pending', nextAttemptAt: 60_000 }
 */
export function afterFailure(
  attempts: number,
  retryAfterMs: number | null,
  now: number,
  opts: { local?: boolean } = {},
): { status: 'failed' } | { status: 'pending'; nextAttemptAt: number } {
  if (attempts >= MAX_ATTEMPTS) return { status: 'failed' }
  return { status: 'pending', nextAttemptAt: now + backoffMs(attempts, retryAfterMs, opts) }
}
