import { ProblemError } from './problem'

/**
 * Opaque page cursors: JSON in base64url. Opaque so that clients do not build them; validated on the
 * way back in so a forged one is a 400, never a 500.
 */

const toB64Url = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

/**
 * Encodes any JSON value as a cursor.
 * @example
 * encodeCursor({ s: '-score', v: 87, id: 'ld_x' }) // "eyJzIjoiLXNjb3JlIiwidiI6ODcsImlkIjoibGRfeCJ9"
 */
export function encodeCursor(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value))
  let bin = ''
  for (const b of bytes) bin += String.fromCharCode(b)
  return toB64Url(bin)
}

/**
 * Decodes a cursor and checks its shape with `accept`; anything else is a 400 problem.
 * @example
 * const c = decodeCursor(q.cursor, (v): v is [number, string] => Array.isArray(v) && v.length === 2)
 */
export function decodeCursor<T>(cursor: string, accept: (v: unknown) => v is T, name = 'cursor'): T {
  try {
    const b64 = cursor.replace(/-/g, '+').replace(/_/g, '/')
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0))))
    if (accept(value)) return value
  } catch {
    // fall through to the one error below: a malformed cursor and a wrong-shaped one are the same mistake
  }
  throw new ProblemError(400, `${name} is not one this API returned (or it belongs to another query)`, { type: 'invalid-cursor' })
}
