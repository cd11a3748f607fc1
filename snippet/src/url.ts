// the page's location; declared here so that Node-side tests type-check without the DOM library
declare const location: { href: string }

/**
 * URLs as the snippet may send them. Pure when given the base (the page's URL by default).
 *
 * - `full` false (a page or form path): path only, keeping `utm_*` query parameters and nothing
 *   else (GET forms put every field, passwords included, into the next page's query), no fragment.
 * - `full` true (a document or referrer): origin + path for web URLs (no query, no fragment); for
 *   other schemes (`blob:`, `data:`, `android-app:`) only the scheme, since the rest may be content.
 * @example
 * urlOf('https://a.io/p?email=a%40b.c&utm_source=x#top') // "/p?utm_source=x"
 * urlOf('/files/guide.pdf?token=1', 1, 'https://a.io/') // "https://a.io/files/guide.pdf"
 */
export const urlOf = (href: string, full?: unknown, base: string = location.href): string => {
  const u = new URL(href, base)
  return full
    ? // web URLs have an origin ("http…" sorts before "n"); data:, file:, android-app: have "null"
      u.origin < 'n'
      ? u.origin + u.pathname
      : u.protocol
    : // drop every parameter not named utm_*, then make a leading "&" the "?"
      u.pathname + u.search.replace(/[?&](?!utm_)[^&]*/gi, '').replace(/^&/, '?')
}

/**
 * The referrer to send: undefined when there is none or it is this page's own origin (a same-site
 * click says nothing about acquisition), else as `urlOf(ref, 1)` gives it.
 * @example
 * refOf('https://www.google.com/search?q=secret', 'https://a.io') // "https://www.google.com/search"
 * refOf('https://a.io/pricing', 'https://a.io') // undefined
 */
export const refOf = (ref: string, origin: string): string | undefined =>
  ref && new URL(ref).origin != origin ? urlOf(ref, 1) : undefined
