const hex = (buf: ArrayBuffer): string => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('')

/**
 * SHA-256 of a string, hex. API keys are stored only as this.
 * @example
 * await sha256Hex('lb_…') // "9f86d0…"
 */
export async function sha256Hex(s: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)))
}

/**
 * Compares two secrets in time independent of where they differ (digests first, so lengths leak nothing).
 * @example
 * await secretsEqual(given, env.ADMIN_TOKEN)
 */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([a, b].map((s) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(s))))
  return crypto.subtle.timingSafeEqual(x, y)
}

/**
 * A random secret of `bytes` bytes, base36-ish, with a readable prefix.
 * @example
 * randomSecret('lb_key', 24) // "lb_key_k2j9…"
 */
export function randomSecret(prefix: string, bytes = 24): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes))
  let s = ''
  for (const x of b) s += 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'[x % 62]
  return `${prefix}_${s}`
}
