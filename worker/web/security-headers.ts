import type { MiddlewareHandler } from 'hono'

/**
 * The app's content security policy: everything from this origin only (the one stylesheet and script
 * are files under /app/assets/), inline nothing, framed by no one.
 */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/**
 * What Hono's `secureHeaders` middleware sets with its defaults, `APP_CSP` and a same-origin referrer
 * policy, as a fixed list (test/unit/web/security-headers.test.ts holds them equal): the middleware's
 * option parsing and nonce support cost the Worker bundle more than the headers themselves.
 */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'same-origin'],
  ['Strict-Transport-Security', 'max-age=15552000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
  ['Content-Security-Policy', APP_CSP],
]

/**
 * Sets `SECURITY_HEADERS` on every response of the app, over whatever a handler set.
 * @example
 * web.use('*', securityHeaders)
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next()
  for (const [name, value] of SECURITY_HEADERS) c.res.headers.set(name, value)
  c.res.headers.delete('X-Powered-By')
}
