import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { SNIPPET_ETAG, SNIPPET_JS } from '../generated/snippet'

/**
 * Whether an `If-None-Match` header names this ETag (a list, weak forms and `*` included).
 * @example
 * etagMatches('W/"abc", "def"', '"def"') // true
 */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header.split(',').some((t) => {
    const v = t.trim()
    return v === '*' || v.replace(/^W\//, '') === etag
  })
}

/** An hour fresh, then a day served stale while revalidating: a new build reaches sites within the hour. */
const CACHE = 'public, max-age=3600, stale-while-revalidate=86400'

/**
 * `GET /s.js`: the tag's script (built by snippet/build.mjs), cacheable, with a content-hash ETag
 * and `304` on a matching `If-None-Match`. `Access-Control-Allow-Origin: *` lets sites load it with
 * `crossorigin` (for Subresource Integrity); it carries no credentials or secrets.
 * @example
 * app.route('/', snippetRoutes)
 */
export const snippetRoutes = new Hono<AppEnv>().get('/s.js', (c) => {
  const headers = {
    'Cache-Control': CACHE,
    ETag: SNIPPET_ETAG,
    'Access-Control-Allow-Origin': '*',
    'X-Content-Type-Options': 'nosniff',
  }
  if (etagMatches(c.req.header('If-None-Match'), SNIPPET_ETAG)) return c.body(null, 304, headers)
  return c.body(SNIPPET_JS, 200, { ...headers, 'Content-Type': 'application/javascript; charset=utf-8' })
})

/**
 * The two lines a site pastes: the queue stub, then the deferred script.
 * @example
 * scriptTag('https://lb.example.workers.dev', 'sk_abc')
 */
export function scriptTag(origin: string, siteKey: string): string {
  return (
    '<script>window.leadbeacon=window.leadbeacon||function(){(leadbeacon.q=leadbeacon.q||[]).push(arguments)}</script>\n' +
    `<script defer src="${origin}/s.js" data-site="${siteKey}"></script>`
  )
}
