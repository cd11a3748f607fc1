/**
 * Signed one-click tokens for the handoff links in alert emails: purpose-labelled, naming site, lead and
 * action, with an expiry (the lead link's 14 days). HMAC-SHA256 with a key derived from the Worker's
 * LINK_SECRET (ADMIN_TOKEN when unset), checked with `crypto.subtle.verify` (constant time).
 */
import { DAY_MS } from '../scoring/time'

/** Handoff links live as long as the lead link of the alert that carries them. */
export const LINK_TTL_MS = 14 * DAY_MS

const PURPOSE = 'handoff-email'
export const EMAIL_ACTIONS = ['accept', 'disqualify', 'recycle'] as const
export type EmailAction = (typeof EMAIL_ACTIONS)[number]

export interface HandoffClaims {
  siteId: string
  leadId: string
  action: EmailAction
  /** ms since the epoch */
  expiresAt: number
}

const enc = new TextEncoder()

async function key(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  // the purpose is part of the key: a token made for anything else never verifies here
  return crypto.subtle.importKey('raw', enc.encode(`${PURPOSE}\u0000${secret}`), { name: 'HMAC', hash: 'SHA-256' }, false, [usage])
}

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
function unb64url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'))
    return Uint8Array.from(bin, (c) => c.charCodeAt(0))
  } catch {
    return null
  }
}

/**
 * A token for one action on one lead of one site.
 * @example
 * const t = await signHandoffToken(secret, { siteId: 'st_1', leadId: 'ld_1', action: 'accept', expiresAt: alertAt + LINK_TTL_MS })
 */
export async function signHandoffToken(secret: string, c: HandoffClaims): Promise<string> {
  const body = b64url(enc.encode(JSON.stringify([PURPOSE, c.siteId, c.leadId, c.action, c.expiresAt])))
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await key(secret, 'sign'), enc.encode(body)))
  return `${body}.${b64url(mac)}`
}

/**
 * The claims of a genuine token, `expired` when its time is over, or null when it is not one of ours.
 * @example
 * const v = await readHandoffToken(secret, token, Date.now())
 */
export async function readHandoffToken(secret: string, token: string, now: number): Promise<HandoffClaims | 'expired' | null> {
  if (token.length > 600) return null
  const [body, sig, extra] = token.split('.')
  if (!body || !sig || extra !== undefined) return null
  const mac = unb64url(sig)
  if (mac?.length !== 32) return null
  if (!(await crypto.subtle.verify('HMAC', await key(secret, 'verify'), mac, enc.encode(body)))) return null
  const raw = unb64url(body)
  let v: unknown
  try {
    v = JSON.parse(new TextDecoder().decode(raw ?? new Uint8Array()))
  } catch {
    return null
  }
  if (!Array.isArray(v) || v.length !== 5 || v[0] !== PURPOSE) return null
  const [, siteId, leadId, action, expiresAt] = v
  if (typeof siteId !== 'string' || typeof leadId !== 'string' || !EMAIL_ACTIONS.includes(action) || !Number.isSafeInteger(expiresAt)) return null
  if (now > expiresAt) return 'expired'
  return { siteId, leadId, action, expiresAt }
}
