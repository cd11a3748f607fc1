import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { SNIPPET_BR, SNIPPET_ETAG, SNIPPET_JS } from '../generated/snippet'

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
 * Whether an `Accept-Encoding` header accepts brotli (`br` listed, not with `q=0`).
 * @example
 * acceptsBrotli('gzip, deflate, br') // true
 * acceptsBrotli('br;q=0, gzip') // false
 */
export function acceptsBrotli(header: string | undefined): boolean {
  return (header ?? '').split(',').some((t) => {
    const [coding, ...params] = t.split(';').map((p) => p.trim().toLowerCase())
    return coding === 'br' && !params.some((p) => /^q=0(\.0*)?$/.test(p))
  })
}

// the brotli copy and its own strong ETag (another representation, another tag)
const BROTLI = Uint8Array.from(atob(SNIPPET_BR), (ch) => ch.charCodeAt(0))
const BROTLI_ETAG = SNIPPET_ETAG.replace(/"$/, '.br"')

/**
 * `GET /s.js`: the tag's script (built by snippet/build.mjs), cacheable, with a content-hash ETag
 * and `304` on a matching `If-None-Match`. A browser that accepts br gets the build's brotli
 * quality-11 bytes as they are (`encodeBody: 'manual'`: the platform does not compress them again at
 * its own level), so what goes on the wire is what the size test measures; others get the plain
 * script, which the platform may gzip. `Access-Control-Allow-Origin: *` lets sites load it with
 * `crossorigin` (for Subresource Integrity); it carries no credentials or secrets.
 * @example
 * app.route('/', snippetRoutes)
 */
export const snippetRoutes = new Hono<AppEnv>().get('/s.js', (c) => {
  const br = acceptsBrotli(c.req.header('Accept-Encoding'))
  const etag = br ? BROTLI_ETAG : SNIPPET_ETAG
  const headers = {
    'Cache-Control': CACHE,
    ETag: etag,
    Vary: 'Accept-Encoding',
    'Access-Control-Allow-Origin': '*',
    'X-Content-Type-Options': 'nosniff',
  }
  if (etagMatches(c.req.header('If-None-Match'), etag)) return c.body(null, 304, headers)
  const type = { 'Content-Type': 'application/javascript; charset=utf-8' }
  if (br) return new Response(BROTLI, { status: 200, headers: { ...headers, ...type, 'Content-Encoding': 'br' }, encodeBody: 'manual' })
  return c.body(SNIPPET_JS, 200, { ...headers, ...type })
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
