// the page's location; declared here so that Node-side tests (which set a URL) type-check without
// the DOM library. A Location is a URL too wherever one is expected (it converts to its href).
declare const location: URL

/**
 * URLs as the snippet may send them. Pure when given the base (the page's URL by default).
 *
 * - `full` false (a page or form path): path only, keeping `utm_*` query parameters and nothing
 *   else (GET forms put every field, passwords included, into the next page's query); the fragment
 *   only when it is a route of a hash-routed app (`#/…`, `#!/…`), verbatim. A bare `#/` is the
 *   page itself, so a router that adds it at load does not make a second page view.
 * - `full` true (a document or referrer): origin + path for web URLs (no query, no fragment); for
 *   other schemes (`blob:`, `data:`, `android-app:`) only the scheme, since the rest may be content.
 * @example
 * urlOf('https://a.io/p?email=a%40b.c&utm_source=x#top') // "/p?utm_source=x"
 * urlOf('https://a.io/app#/pricing') // "/app#/pricing"
 * urlOf('/files/guide.pdf?token=1', 1) // "https://a.io/files/guide.pdf" (on a page of a.io)
 */
export const urlOf = (href: string | URL = location, full?: unknown): string => {
  const u = new URL(href, location)
  return full
    ? // web URLs have an origin ("http…" sorts before "n"); data:, file:, android-app: have "null"
      u.origin < 'n'
      ? u.origin + u.pathname
      : u.protocol
    : // drop every parameter not named utm_*, then make a leading "&" the "?"
      u.pathname + u.search.replace(/[?&](?!utm_)[^&]*/gi, '').replace(/^&/, '?') + (u.hash.match(/^#!?\/.+/) || '')
}

/**
 * The referrer to send: undefined when there is none or it is this page's own origin (a same-site
 * click says nothing about acquisition), else as `urlOf(ref, 1)` gives it. (An empty referrer
 * resolves to this page, so one test drops both.)
 * @example
 * refOf('https://www.google.com/search?q=secret') // "https://www.google.com/search" (on a.io)
 * refOf('https://a.io/pricing') // undefined (on a.io)
 */
export const refOf = (ref: string): string | undefined =>
  (ref = urlOf(ref, 1)).indexOf(location.origin + '/') ? ref : undefined
