// sha256Hex and randomSecret live with the API-key format, which Node scripts import too
export { randomSecret, sha256Hex } from './api-key.js'

/**
 * Compares two secrets in time independent of where they differ (digests first, so lengths leak nothing).
 * @example
 * await secretsEqual(given, env.ADMIN_TOKEN)
 */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([a, b].map((s) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(s))))
  return crypto.subtle.timingSafeEqual(x, y)
}
