/**
 * First-party storage that may throw (blocked cookies, sandboxed frames, Safari private mode):
 * every access is guarded and a failure just means "not stored".
 */

/**
 * One guarded localStorage accessor holding JSON, to ship one try/catch: `store(k)` reads (null or
 * undefined when absent, unreadable or unavailable), `store(k, v)` writes (`0` to forget).
 * @example
 * store('lb', { v: '1', q: [] }); store('lb') // { v: '1', q: [] }
 */
// biome-ignore lint/suspicious/noExplicitAny: callers know the shape they stored
export const store = (k: string, v?: unknown): any => {
  try {
    return v == null ? JSON.parse(localStorage.getItem(k) as string) : localStorage.setItem(k, JSON.stringify(v))
  } catch {}
}
