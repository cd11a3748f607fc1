import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../env'

/**
 * Routes that are not zod-validated (they live in other modules, or are static files: public/) but
 * belong in the reference, so that /openapi.json lists the whole HTTP surface.
 */
function registerPlainRoutes(app: OpenAPIHono<AppEnv>): void {
  const r = app.openAPIRegistry
  const text = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string' as const } } } })
  r.registerPath({ method: 'get', path: '/health', summary: 'Liveness: 200 when the Worker and D1 answer', responses: { 200: { description: 'ok' }, 503: { description: 'D1 did not answer' } } })
  r.registerPath({ method: 'get', path: '/s.js', summary: 'The browser snippet (cacheable)', responses: { 200: text('text/javascript', 'the tag script') } })
  r.registerPath({
    method: 'post',
    path: '/e',
    summary: 'Ingest a batch of events from the snippet (wire format: docs/ingest.md)',
    description: 'Sent as text/plain (no CORS preflight) or application/json; the Origin must be one of the site domains.',
    responses: { 202: { description: 'accepted: { accepted, duplicates }' }, 204: { description: 'a bot: nothing stored' }, 400: { description: 'problem+json' }, 403: { description: 'origin not allowed' }, 413: { description: 'body too large' } },
  })
  r.registerPath({ method: 'get', path: '/openapi.json', summary: 'This document (OpenAPI 3.1)', responses: { 200: { description: 'the document' } } })
  r.registerPath({ method: 'get', path: '/docs', summary: 'The API reference page (renders /openapi.json)', responses: { 200: text('text/html', 'HTML') } })
}

/** The document's top-level fields; scripts/build-openapi.mjs generates it from every mounted route. */
export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Leadbeacon API',
    version: '1',
    description: 'Real-time, explainable lead scoring on the edge. Marketer routes take Authorization: Bearer API_KEY; operator routes Bearer ADMIN_TOKEN.',
  },
}

/** The static files of the reference (public/), by the path they are served at. */
const STATIC_DOCS = ['/openapi.json', '/docs', '/docs.js']

/**
 * `GET /openapi.json` (generated at build time by scripts/build-openapi.mjs, so the generator stays out
 * of the Worker), the reference page `GET /docs` and its script `/docs.js` are static files in public/
 * (wrangler.toml [assets], headers in public/_headers): the platform serves them before the Worker
 * runs. A request for them that reaches the Worker anyway (a caller of the Worker's own fetch, as the
 * `worker` tests are) gets the same file through the assets binding. Call after every sub-app is
 * mounted: the document lists `app`'s registry.
 * @example
 * mountDocs(app)
 */
export function mountDocs(app: OpenAPIHono<AppEnv>): void {
  registerPlainRoutes(app)
  for (const path of STATIC_DOCS) {
    app.get(path, (c) => (c.env.ASSETS ? c.env.ASSETS.fetch(c.req.raw) : c.notFound()))
  }
}
