/**
 * First-party storage that may throw (blocked cookies, sandboxed frames, Safari private mode):
 * every access is guarded and a failure just means "not stored".
 */

/**
 * The snippet's one `localStorage` key, `lb`, holding JSON, behind one try/catch: `store()` reads
 * (undefined when absent, unreadable or unavailable), `store(v)` writes (`0` to forget).
 * @example
 * store({ v: '1', q: [] }); store() // { v: '1', q: [] }
 */
// biome-ignore lint/suspicious/noExplicitAny: callers know the shape they stored
export const store = (v?: unknown): any => {
  try {
    // a named property of Storage is its item: shorter than getItem / setItem
    return v == null ? JSON.parse(localStorage.lb) : (localStorage.lb = JSON.stringify(v))
  } catch {}
}
