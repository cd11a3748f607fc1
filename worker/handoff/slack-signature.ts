/**
 * Slack's request signing (v0): `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<raw body>">`
 * with the app's signing secret, and `X-Slack-Request-Timestamp` within five minutes of now. The MAC is
 * checked with `crypto.subtle.verify`, which compares in constant time.
 */

/** How far a request's timestamp may be from now (Slack's own recommendation). */
export const SLACK_MAX_SKEW_MS = 5 * 60_000

export type SlackVerdict = { ok: true } | { ok: false; reason: string }

/**
 * Whether a request was signed by Slack with `secret` over exactly `rawBody`, recently.
 * @example
 * await verifySlackSignature({ secret, timestamp: req.header('x-slack-request-timestamp'), signature: req.header('x-slack-signature'), rawBody, now: Date.now() })
 */
export async function verifySlackSignature(input: {
  secret: string
  timestamp: string | undefined
  signature: string | undefined
  /** the body exactly as received: bytes, or text that was valid UTF-8 */
  rawBody: string | Uint8Array
  now: number
}): Promise<SlackVerdict> {
  const fresh = timestampFresh(input.timestamp, input.now)
  if (!fresh.ok) return fresh
  const mac = /^v0=([0-9a-f]{64})$/i.exec(input.signature ?? '')
  if (!mac) return { ok: false, reason: 'X-Slack-Signature is missing or not v0=<64 hex digits>' }
  const enc = new TextEncoder()
  const key = await crypto.subtle.importKey('raw', enc.encode(input.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
  const body = typeof input.rawBody === 'string' ? enc.encode(input.rawBody) : input.rawBody
  const head = enc.encode(`v0:${input.timestamp}:`)
  const signed = new Uint8Array(head.length + body.length)
  signed.set(head)
  signed.set(body, head.length)
  const good = await crypto.subtle.verify('HMAC', key, hexBytes(mac[1]), signed)
  return good ? { ok: true } : { ok: false, reason: 'the signature does not match' }
}

/**
 * Whether the timestamp header is an integer within five minutes of now (checked before anything else:
 * a replayed old request is refused without a database read).
 * @example
 * timestampFresh('1700000000', 1_700_000_100_000) // → { ok: true }
 */
export function timestampFresh(timestamp: string | undefined, now: number): SlackVerdict {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'X-Slack-Request-Timestamp is missing or not unix seconds' }
  if (Math.abs(Number(timestamp) * 1000 - now) > SLACK_MAX_SKEW_MS) return { ok: false, reason: 'the request timestamp is more than 5 minutes from now' }
  return { ok: true }
}

/**
 * Signs a body the way Slack does (for tests and local tools that play Slack).
 * @example
 * const sig = await signSlackBody(secret, '1700000000', body) // 'v0=…'
 */
export async function signSlackBody(secret: string, timestamp: string, rawBody: string): Promise<string> {
  const enc = new TextEncoder()
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(`v0:${timestamp}:${rawBody}`)))
  return `v0=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}
