// The API-key format, in plain JavaScript with no imports, so the Worker (through api-key.d.ts) and the
// Node scripts that seed keys share one definition. Web Crypto is global in both.

/** Every marketer API key starts with this, then `_` and random characters. */
export const API_KEY_PREFIX = 'lb'
/** Random bytes behind a key (one character each). */
export const API_KEY_BYTES = 24
/** How many leading characters of a key are stored and shown, to tell keys apart. */
export const API_KEY_SHOWN_CHARS = 10

const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('')

/**
 * SHA-256 of a string, hex. API keys are stored only as this.
 * @example
 * await sha256Hex('lb_…') // "9f86d0…"
 */
export async function sha256Hex(s) {
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)))
}

/**
 * A random secret of `bytes` bytes, base62, with a readable prefix.
 * @example
 * randomSecret('whsec', 24) // "whsec_k2j9…"
 */
export function randomSecret(prefix, bytes = 24) {
  const b = crypto.getRandomValues(new Uint8Array(bytes))
  let s = ''
  for (const x of b) s += 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'[x % 62]
  return `${prefix}_${s}`
}

/**
 * A new API key: the secret (shown once) and the two columns stored for it.
 * @example
 * const { key, prefix, keyHash } = await newApiKey()
 */
export async function newApiKey() {
  return apiKeyColumns(randomSecret(API_KEY_PREFIX, API_KEY_BYTES))
}

/**
 * The stored columns of a given key (for seeding a known key in local tools).
 * @example
 * const { prefix, keyHash } = await apiKeyColumns('lb_demo_local_key')
 */
export async function apiKeyColumns(key) {
  return { key, prefix: key.slice(0, API_KEY_SHOWN_CHARS), keyHash: await sha256Hex(key) }
}
