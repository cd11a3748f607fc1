/**
 * A real HTTP endpoint on 127.0.0.1 standing in for Slack, a CRM webhook, or anything alerts POST to:
 * it records every request and fails on demand (500 ×N, 429 with Retry-After, 404/410, a redirect, or
 * hanging past the sender's timeout). Tests in Node drive it directly; tests inside workerd drive it
 * over HTTP (`POST /__control`, `GET /__requests`), since they cannot share its memory.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RecordedRequest {
  method: string
  /** path with query string */
  path: string
  /** lower-cased header names */
  headers: Record<string, string>
  body: string
  /** what the receiver answered (or would have: a hung request records the status it ends with) */
  answered: number
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
  close(): Promise<void>
}

/**
 * Starts a receiver on a free port of 127.0.0.1.
 * @example
 * const r = await startReceiver()
 * r.failNext({ status: 500, count: 3, path: '/slack' })
 * // … POST to `${r.url}/slack/T/B/X` four times → 500, 500, 500, 200
 * await r.close()
 */
export async function startReceiver(opts: { port?: number } = {}): Promise<Receiver> {
  const requests: RecordedRequest[] = []
  let rules: (FailRule & { left: number })[] = []

  const failNext = (rule: FailRule) => {
    if (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599) throw new Error(`bad status ${rule.status}`)
    rules.push({ ...rule, left: rule.count ?? 1 })
  }
  const reset = (path?: string) => {
    rules = path ? rules.filter((r) => !(r.path ?? '').startsWith(path)) : []
    const keep = path ? requests.filter((q) => !q.path.startsWith(path)) : []
    requests.splice(0, requests.length, ...keep)
  }

  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    const path = req.url ?? '/'
    try {
      if (path.startsWith('/__control')) return control(body, res)
      if (path.startsWith('/__requests')) {
        const prefix = new URL(path, 'http://x').searchParams.get('path') ?? ''
        return json(res, 200, requests.filter((q) => q.path.startsWith(prefix)))
      }
      const rule = rules.find((r) => r.left > 0 && path.startsWith(r.path ?? ''))
      if (rule) rule.left--
      rules = rules.filter((r) => r.left > 0)
      const status = rule?.status ?? 200
      requests.push({ method: req.method ?? 'GET', path, headers: flatHeaders(req), body, answered: status })
      if (rule?.hangMs) await new Promise((r) => setTimeout(r, rule.hangMs))
      const headers: Record<string, string> = { 'content-type': 'text/plain' }
      if (rule?.retryAfter) headers['retry-after'] = rule.retryAfter
      if (rule?.location) headers.location = rule.location
      res.writeHead(status, headers).end(rule?.body ?? (status < 300 ? 'ok' : `fail ${status}`))
    } catch (err) {
      json(res, 400, { error: String(err) })
    }
  })

  function control(body: string, res: ServerResponse) {
    const msg = JSON.parse(body || '{}') as { action?: string; path?: string } & Partial<FailRule>
    if (msg.action === 'fail') failNext(msg as FailRule)
    else if (msg.action === 'reset') reset(msg.path)
    else throw new Error('action must be "fail" or "reset"')
    json(res, 200, { ok: true })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    failNext,
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        // hung requests would keep close() waiting for ever
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v
  return out
}

function json(res: ServerResponse, status: number, data: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data))
}
