/** The tag's brotli budget in bytes (a ratchet at what it measures). */
export const BROTLI_BUDGET: number
/** Sizes in bytes of a script as served. */
export interface Sizes {
  raw: number
  gzip: number
  brotli: number
}
/**
 * Sizes of a script: raw, gzip -9, brotli quality 11.
 * @example
 * sizes('var a=1').brotli
 */
export function sizes(code: string): Sizes
/**
 * Brotli quality 11 of a script: the bytes GET /s.js answers a browser that accepts br with.
 * @example
 * brotli('var a=1').length
 */
export function brotli(code: string): Buffer
/**
 * Builds dist/s.js, dist/leadbeacon.mjs and worker/generated/snippet.ts (unless write is false).
 * @example
 * const { size } = await buildSnippet({ write: false })
 */
export function buildSnippet(opts?: { write?: boolean }): Promise<{ code: string; etag: string; size: Sizes }>
