/**
 * One HTTP POST of an alert, bounded in time, never following a redirect (a 3xx could move the payload,
 * and the Slack/webhook URL it carries, to another host). Turns whatever happens into a result the
 * outbox can act on; never throws.
 */
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
    const location = res.headers.get('location')
    return { outcome: 'failed', status, error: `redirect not followed (to ${hostOf(location, url)})`, retryAfterMs: null }
  }
  const outcome = classifyStatus(status)
  if (outcome === 'sent') {
    await discard(res)
    return { outcome, status, error: null, retryAfterMs: null }
  }
  const detail = await readSnippet(res)
  return {
    outcome,
    status,
    error: truncate(`HTTP ${status}${detail ? `: ${detail}` : ''}`),
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), opts.now),
  }
}

function describeFetchError(err: unknown, timeoutMs: number): string {
  const name = (err as { name?: string } | null)?.name
  if (name === 'TimeoutError' || name === 'AbortError') return `timed out after ${timeoutMs} ms`
  const msg = err instanceof Error ? err.message : String(err)
  return truncate(`network error: ${msg}`)
}

/** The Location's host (a relative Location stays on the same host). */
function hostOf(location: string | null, base: string): string {
  if (!location) return 'no Location'
  try {
    return new URL(location, base).host || 'unknown host'
  } catch {
    return 'an invalid Location'
  }
}

/** The start of an error body (Slack explains itself there: `no_service`, `invalid_blocks`…), read no further. */
async function readSnippet(res: Response): Promise<string> {
  const reader = res.body?.getReader()
  if (!reader) return ''
  const chunks: Uint8Array[] = []
  let size = 0
  try {
    while (size < 4096) {
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
  return new TextDecoder().decode(bytes.subarray(0, 4096)).replace(/\s+/g, ' ').trim().slice(0, 200)
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
