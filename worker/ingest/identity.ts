/**
 * Verified identity: a site's server signs the lower-cased, trimmed email with the site's identity
 * secret (hex HMAC-SHA256) and the snippet carries that `hash`. Web Crypto only, so it runs in workerd
 * and Node alike; the comparison is `crypto.subtle.verify`, which takes the same time wherever the
 * hashes differ.
 */

const enc = new TextEncoder()
// Resolved keys only: a promise made in one request and awaited in another stalls in workerd.
const keys = new Map<string, CryptoKey>()

async function hmacKey(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret)
  if (!k) {
    // a handful of sites per isolate: the cache stays small, and a rotated secret simply stops being asked for
    if (keys.size > 64) keys.clear()
    k = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
    keys.set(secret, k)
  }
  return k
}

const norm = (email: string) => email.trim().toLowerCase()

/**
 * The hash a site's server computes for an email (what tests and docs examples produce).
 * @example
 * await identityHash('idsec_…', 'Ana@Acme.io ') // '3f5a…' (64 hex digits)
 */
export async function identityHash(secret: string, email: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), enc.encode(norm(email))))
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Whether `hash` proves `email` under `secret`. Anything that is not 64 hex digits is simply false.
 * @example
 * await verifyIdentityHash(site.identitySecret, 'ana@acme.io', given) // true | false
 */
export async function verifyIdentityHash(secret: string | null, email: string, hash: string | undefined): Promise<boolean> {
  if (!secret || !hash || !/^[0-9a-f]{64}$/i.test(hash)) return false
  const sig = new Uint8Array(32)
  for (let i = 0; i < 32; i++) sig[i] = Number.parseInt(hash.slice(i * 2, i * 2 + 2), 16)
  return crypto.subtle.verify('HMAC', await hmacKey(secret), sig, enc.encode(norm(email)))
}
