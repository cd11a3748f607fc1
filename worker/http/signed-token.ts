/**
 * Small signed tokens (`<base64url JSON>.<base64url HMAC-SHA256>`) for the app's session cookie and the
 * alert's lead links. The HMAC key is derived from the Worker secret ADMIN_TOKEN with HKDF-SHA256 and a
 * purpose label as `info`, so a token made for one purpose (a lead link) never verifies as another (a
 * session), and no extra secret has to be configured. Rotating ADMIN_TOKEN ends every session and
 * invalidates every lead link already sent.
 */

/** What a token is for: the HKDF `info` label. */
export type TokenPurpose =
  | 'leadbeacon/app-session/v1'
  | 'leadbeacon/lead-link/v1'
  | 'leadbeacon/handoff-link/v1'
  | 'leadbeacon/alert-email/v1'

const keys = new Map<string, Promise<CryptoKey>>()

function hmacKey(secret: string, purpose: TokenPurpose): Promise<CryptoKey> {
  const id = `${purpose}\n${secret}`
  let k = keys.get(id)
  if (!k) {
    const enc = new TextEncoder()
    k = crypto.subtle
      .importKey('raw', enc.encode(secret), 'HKDF', false, ['deriveKey'])
      .then((base) =>
        crypto.subtle.deriveKey(
          { name: 'HKDF', hash: 'SHA-256', salt: enc.encode('leadbeacon'), info: enc.encode(purpose) },
          base,
          { name: 'HMAC', hash: 'SHA-256', length: 256 },
          false,
          ['sign', 'verify'],
        ),
      )
    keys.set(id, k)
  }
  return k
}

const b64url = (bytes: Uint8Array): string => {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

const fromB64url = (s: string): Uint8Array | null => {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (s.length % 4)) % 4))
    return Uint8Array.from(bin, (c) => c.charCodeAt(0))
  } catch {
    return null
  }
}

/**
 * Signs `payload` (any JSON value with an `exp` in ms) for `purpose`.
 * @example
 * await signToken(env.ADMIN_TOKEN, 'leadbeacon/lead-link/v1', { s: 'site_1', l: 'ld_1', exp: Date.now() + 14 * 86_400_000 })
 */
export async function signToken(secret: string, purpose: TokenPurpose, payload: { exp: number } & Record<string, unknown>): Promise<string> {
  if (!secret) throw new Error('ADMIN_TOKEN is not set: signed tokens need it')
  const body = b64url(new TextEncoder().encode(JSON.stringify(payload)))
  const sig = await crypto.subtle.sign('HMAC', await hmacKey(secret, purpose), new TextEncoder().encode(body))
  return `${body}.${b64url(new Uint8Array(sig))}`
}

/**
 * The payload of a token signed for `purpose` that has not expired at `now`; null when it is malformed,
 * tampered with, made for another purpose, or expired. The signature is checked (in constant time, by
 * WebCrypto) before the payload is parsed.
 * @example
 * const p = await verifyToken(env.ADMIN_TOKEN, 'leadbeacon/app-session/v1', cookie, Date.now())
 */
export async function verifyToken(secret: string, purpose: TokenPurpose, token: string | undefined | null, now: number): Promise<Record<string, unknown> | null> {
  if (!secret || !token || token.length > 2000) return null
  const [body, sig, extra] = token.split('.')
  if (!body || !sig || extra !== undefined) return null
  const sigBytes = fromB64url(sig)
  if (sigBytes?.length !== 32) return null
  const ok = await crypto.subtle.verify('HMAC', await hmacKey(secret, purpose), sigBytes, new TextEncoder().encode(body))
  if (!ok) return null
  const raw = fromB64url(body)
  if (!raw) return null
  let payload: unknown
  try {
    payload = JSON.parse(new TextDecoder().decode(raw))
  } catch {
    return null
  }
  if (typeof payload !== 'object' || payload === null) return null
  const exp = (payload as { exp?: unknown }).exp
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= now) return null
  return payload as Record<string, unknown>
}
