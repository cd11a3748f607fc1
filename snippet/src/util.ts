/**
 * Helpers shared by every part of the snippet. Each is tiny on purpose: the whole tag must stay
 * within its brotli budget, so one shared helper beats three inlined copies.
 */

/**
 * Wraps a function so that nothing it throws ever reaches the host page (odd forms, blocked
 * storage, old browsers); the snippet then just does less. The result returns nothing.
 * @example
 * document.addEventListener('click', safe(onClick), true)
 */
// biome-ignore lint/suspicious/noExplicitAny: wraps listeners and the variadic public API alike
export const safe = <A extends any[]>(f: (...a: A) => unknown): ((...a: A) => void) => (...a: A) => {
  try {
    f(...a)
  } catch {}
}

/**
 * A random id from the platform's CSPRNG (also available on plain-http pages, unlike
 * `crypto.randomUUID`): `words` × 32 bits of entropy as decimal digits, at most 10 per word.
 * @example
 * rid(4) // "3012847561190235877420937751621003" (visitor id); rid(2) for an event id
 */
export const rid = (words: number): string => crypto.getRandomValues(new Uint32Array(words)).join('')
