export interface RecordedRequest {
  method: string
  /** path with query string */
  path: string
  /** lower-cased header names */
  headers: Record<string, string>
  body: string
  /** what the receiver answered (or would have: a hung request records the status it ends with) */
  answered: number
  /** when it arrived, in performance.now() of the receiver's process */
  at: number
}

/** How the next matching request(s) are answered; anything not matched by a rule gets `200 ok`. */
export interface FailRule {
  /** HTTP status to answer (e.g. 500, 429, 404, 410, 302) */
  status: number
  /** how many requests this applies to (default 1) */
  count?: number
  /** only requests whose path starts with this (default: any) */
  path?: string
  /** Retry-After header value, e.g. '30' or an HTTP date */
  retryAfter?: string
  /** Location header (for 3xx) */
  location?: string
  /** wait this long before answering (to outlast a sender's timeout) */
  hangMs?: number
  body?: string
}

export interface Receiver {
  /** base URL, e.g. http://127.0.0.1:41234 */
  url: string
  port: number
  /** every request received (control requests excluded), oldest first */
  readonly requests: RecordedRequest[]
  failNext(rule: FailRule): void
  /** forgets rules and recorded requests (of one path prefix, or all) */
  reset(path?: string): void
  /** the first request (already here or arriving within `ms`) that `match` accepts, else null */
  waitFor(match: (q: RecordedRequest) => boolean, ms: number): Promise<RecordedRequest | null>
  close(): Promise<void>
}

export function startReceiver(opts?: { port?: number }): Promise<Receiver>
