/**
 * The signed webhook: the lead as JSON, `Leadbeacon-Signature: t=<unix s>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">` (the contract's format), and `Idempotency-Key: <alert id>` so a receiver can drop the
 * duplicate that an ambiguous timeout may cause. Web Crypto only: the same code runs in workerd and Node.
 */
import type { AlertContext } from './context'
import { iso } from '../scoring/time'

export const SIGNATURE_HEADER = 'Leadbeacon-Signature'
/** A receiver should refuse signatures older (or newer) than this: replay protection. */
export const DEFAULT_TOLERANCE_SEC = 300

export interface WebhookEvent {
  /** `lead.sla_reminder`: an SQL lead still unanswered after the site's salesSlaHours */
  type: 'lead.sql' | 'lead.mql' | 'lead.sla_reminder'
  /** the alert id: stable across retries */
  id: string
  /** ISO-8601 time the alert was queued */
  createdAt: string
  data: AlertContext
}

/**
 * The JSON body for an alert (serialised once: the signature covers these exact bytes).
 * @example
 * const body = webhookBody('tr_1:webhook', ctx, row.createdAt)
 * JSON.parse(body).type // → 'lead.sql'
 */
export function webhookBody(alertId: string, ctx: AlertContext, createdAt: number): string {
  const event: WebhookEvent = { type: ctx.reminder ? 'lead.sla_reminder' : `lead.${ctx.stage}`, id: alertId, createdAt: iso(createdAt), data: ctx }
  return JSON.stringify(event)
}

/**
 * The signature header value for `body` at unix time `t` (seconds).
 * @example
 * await signWebhook('{"a":1}', 'whsec_x', 1_760_000_000) // → 't=1760000000,v1=5f2c…'
 */
export async function signWebhook(body: string, secret: string, t: number): Promise<string> {
  const ts = Math.floor(t)
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), utf8(`${ts}.${body}`))
  return `t=${ts},v1=${toHex(new Uint8Array(mac))}`
}

/**
 * The request headers of a webhook delivery (signature computed at `now`, ms).
 * @example
 * const headers = await webhookHeaders(body, site.webhookSecret, alert.id, now)
 */
export async function webhookHeaders(body: string, secret: string, alertId: string, now: number): Promise<Record<string, string>> {
  return {
    'content-type': 'application/json',
    'user-agent': 'Leadbeacon-Webhook/1',
    [SIGNATURE_HEADER]: await signWebhook(body, secret, Math.floor(now / 1000)),
    'Idempotency-Key': alertId,
  }
}

export type VerifyResult = { ok: true; t: number } | { ok: false; reason: string }

/**
 * Checks a `Leadbeacon-Signature` header against the raw body: a `v1` must match (any of several, so a
 * secret can be rotated) and `t` must be within `toleranceSec` of `now` (ms). The comparison is
 * `crypto.subtle.verify`, which is constant-time.
 * @example
 * const r = await verifyWebhookSignature(req.headers.get('Leadbeacon-Signature'), rawBody, secret, { now: Date.now() })
 * const answer = r.ok ? new Response(null, { status: 204 }) : new Response(r.reason, { status: 400 })
 */
export async function verifyWebhookSignature(
  header: string | null | undefined,
  body: string,
  secret: string,
  opts: { now: number; toleranceSec?: number },
): Promise<VerifyResult> {
  if (!header) return { ok: false, reason: 'missing signature header' }
  let t: number | null = null
  const sigs: string[] = []
  for (const part of header.split(',')) {
    const eq = part.indexOf('=')
    const k = part.slice(0, eq).trim()
    const val = part.slice(eq + 1).trim()
    if (k === 't' && /^\d{1,12}$/.test(val)) t = Number(val)
    else if (k === 'v1' && /^[0-9a-f]{64}$/i.test(val)) sigs.push(val)
  }
  if (t === null) return { ok: false, reason: 'no timestamp in signature header' }
  if (sigs.length === 0) return { ok: false, reason: 'no v1 signature in header' }
  const tolerance = opts.toleranceSec ?? DEFAULT_TOLERANCE_SEC
  if (Math.abs(Math.floor(opts.now / 1000) - t) > tolerance) return { ok: false, reason: 'timestamp outside the tolerance' }
  const key = await hmacKey(secret)
  const signed = utf8(`${t}.${body}`)
  for (const sig of sigs) {
    if (await crypto.subtle.verify('HMAC', key, fromHex(sig), signed)) return { ok: true, t }
  }
  return { ok: false, reason: 'signature does not match' }
}

function hmacKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', utf8(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
}

function utf8(s: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(new TextEncoder().encode(s))
}

function toHex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}
