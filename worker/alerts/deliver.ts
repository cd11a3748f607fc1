/**
 * One HTTP POST of an alert, bounded in time, never following a redirect (a 3xx could move the payload,
 * and the Slack/webhook URL it carries, to another host). Turns whatever happens into a result the
 * outbox can act on; never throws. What the endpoint answered is kept as a status and a reason of our
 * own (delivery-reason.ts): no other host's body or Location is stored.
 */
import { deliveryReason, SLACK_BODY_MAX } from './delivery-reason'
import { classifyStatus, DELIVERY_TIMEOUT_MS, type Outcome, parseRetryAfter } from './policy'

export interface DeliveryResult {
  outcome: Outcome
  /** HTTP status, or null when there was no answer (timeout, network error) */
  status: number | null
  /** a short, human-readable reason when not delivered (stored as the row's last_error) */
  error: string | null
  /** how long the endpoint asked us to wait (Retry-After), in ms */
  retryAfterMs: number | null
}

export interface DeliverOptions {
  body: string
  headers: Record<string, string>
  /** ms; defaults to DELIVERY_TIMEOUT_MS */
  timeoutMs?: number
  /** ms since the epoch, to read an HTTP-date Retry-After against */
  now: number
  /** the Slack channel: a Slack error code in the body (`no_service`…) is kept; any other body is never read */
  slack?: boolean
}

const ERROR_MAX = 300

/**
 * POSTs `body` to `url` once.
 * @example
 * const r = await deliver(url, { body: JSON.stringify(msg), headers: { 'content-type': 'application/json' }, now })
 * if (r.outcome === 'retry') reschedule(r.retryAfterMs)
 */
export async function deliver(url: string, opts: DeliverOptions): Promise<DeliveryResult> {
  let res: Response
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: opts.headers,
      body: opts.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(opts.timeoutMs ?? DELIVERY_TIMEOUT_MS),
    })
  } catch (err) {
    return { outcome: 'retry', status: null, error: describeFetchError(err, opts.timeoutMs ?? DELIVERY_TIMEOUT_MS), retryAfterMs: null }
  }
  const status = res.status
  if (status >= 300 && status <= 399) {
    await discard(res)
    return { outcome: 'failed', status, error: `HTTP ${status}: redirect not followed`, retryAfterMs: null }
  }
  const outcome = classifyStatus(status)
  if (outcome === 'sent') {
    await discard(res)
    return { outcome, status, error: null, retryAfterMs: null }
  }
  let slackCode: string | null = null
  if (opts.slack) slackCode = await readStart(res, SLACK_BODY_MAX)
  else await discard(res)
  return {
    outcome,
    status,
    error: deliveryReason(status, slackCode),
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), opts.now),
  }
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  const name = (err as { name?: string } | null)?.name
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs} ms`
  const msg = err instanceof Error ? err.message : String(err)
  return truncate(`network error: ${msg}`)
}

/** The first `max` bytes of a Slack error body (Slack explains itself there: `no_service`…), read no further. */
async function readStart(res: Response, max: number): Promise<string> {
  const reader = res.body?.getReader()
  if (!reader) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < max) {
      const { done, value } = await reader.read()
      if (done) break
      chunks.push(value)
      size += value.byteLength
    }
  } catch {
    // a body cut short still says what it said so far
  } finally {
    reader.cancel().catch(() => {})
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const c of chunks) {
    bytes.set(c, offset)
    offset += c.byteLength
  }
  return new TextDecoder().decode(bytes.subarray(0, max))
}

async function discard(res: Response): Promise<void> {
  try {
    await res.body?.cancel()
  } catch {
    // nothing to free
  }
}

function truncate(s: string): string {
  return s.length > ERROR_MAX ? `${s.slice(0, ERROR_MAX - 1)}…` : s
}
