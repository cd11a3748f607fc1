import { isbot } from 'isbot'
import { alertHooks } from '../ingest/alert-hooks'
import { database } from '../db/client'
import type { Env } from '../env'
import { problem, ProblemError } from '../http/problem'
import { ingestGate } from '../ingest/admit'
import { ingestBatch } from '../ingest/pipeline'
import { BatchSchema, describeIssues, LIMITS } from '../ingest/validate'

// `/e` is the one route every page view pays for, so it is served without the router: with the app's
// ~190 routes and middleware, Hono's matching, context and header handling were about a third of an
// ingest request's CPU (bench/FINDINGS.md). The worker entry sends `/e` here before the app sees it.

/**
 * True for the requests `ingest` answers (`POST /e`, and its CORS preflight).
 * @example
 * const res = isIngest(req) ? await ingest(req, env, ctx) : await app.fetch(req, env, ctx)
 */
export const isIngest = (req: Request): boolean => (req.method === 'POST' || req.method === 'OPTIONS') && pathOf(req.url) === '/e'

// The path of an absolute URL without parsing the whole URL (workerd hands the Worker absolute URLs).
function pathOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  if (start < 0) return '/'
  const end = url.slice(start).search(/[?#]/)
  return end < 0 ? url.slice(start) : url.slice(start, start + end)
}

const cors = (origin: string | null): Record<string, string> => ({
  'Access-Control-Allow-Origin': origin && origin !== 'null' ? origin : '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '86400',
  Vary: 'Origin',
})

/**
 * `POST /e`: a batch of events from the snippet, sent as text/plain (no CORS preflight) or JSON. 202
 * with counts on success, 204 for bots, problem+json for anything wrong — every answer with CORS
 * headers, or the snippet could not tell a 4xx (drop) from a network error (retry).
 * @example
 * export default { fetch: (req, env, ctx) => (isIngest(req) ? ingest(req, env, ctx) : app.fetch(req, env, ctx)) }
 */
export async function ingest(req: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const origin = req.headers.get('Origin')
  if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: cors(origin) })
  try {
    return await handle(req, env, ctx, origin)
  } catch (err) {
    if (err instanceof ProblemError) return problem(err.status, err.detail, { ...err.extra, headers: { ...err.extra.headers, ...cors(origin) } })
    console.error('unhandled', req.method, '/e', err)
    return problem(500, 'an internal error occurred; it has been logged', { headers: cors(origin) })
  }
}

async function handle(req: Request, env: Env, ctx: ExecutionContext, origin: string | null): Promise<Response> {
  const type = (req.headers.get('Content-Type') ?? 'text/plain').split(';')[0].trim().toLowerCase()
  if (type !== 'text/plain' && type !== 'application/json') {
    throw new ProblemError(415, 'send the batch as text/plain or application/json', { type: 'unsupported-media-type' })
  }
  const declared = Number(req.headers.get('Content-Length') ?? 0)
  if (declared > LIMITS.bodyBytes) throw tooLarge()
  const buf = await req.arrayBuffer()
  if (buf.byteLength > LIMITS.bodyBytes) throw tooLarge()

  let json: unknown
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf))
  } catch {
    throw new ProblemError(400, 'body is not valid UTF-8 JSON', { type: 'invalid-json' })
  }
  const parsed = BatchSchema.safeParse(json)
  if (!parsed.success) throw new ProblemError(400, describeIssues(parsed.error), { type: 'invalid-batch' })

  // After validation, so a malformed body gets its 4xx whoever sends it; a well-formed batch from a
  // bot is acknowledged and dropped.
  if (isBot(req.headers.get('User-Agent') ?? '')) return new Response(null, { status: 204, headers: cors(origin) })
  const batch = parsed.data
  const now = Date.now()
  // the client address goes into limiter keys (hashed) and nowhere else; a refusal here costs no D1 read
  const gate = ingestGate(env, batch.s, batch.v, req.headers.get('CF-Connecting-IP'), now)
  const refused = await gate.early()
  if (refused) throw refused
  const cf = req.cf as { country?: string } | undefined
  const out = await ingestBatch(
    database(env.DB),
    batch,
    { origin, country: cf?.country ?? null, now },
    { ...alertHooks(env, new URL(req.url).origin), admit: gate.admit },
  )
  if (out.after) ctx.waitUntil(out.after())
  return new Response(JSON.stringify(out.counts), { status: 202, headers: { 'Content-Type': 'application/json', ...cors(origin) } })
}

const tooLarge = () => new ProblemError(413, `a batch is at most ${LIMITS.bodyBytes} bytes`, { type: 'too-large' })

// isbot runs one large regular expression (a quarter of a millisecond a call); a site's visitors
// share few user agents, so answers are remembered, in a map bounded so a spray of agents cannot grow it.
// A longer agent than real ones (a header may be 128 KB) is judged by its first 512 characters and not
// remembered: a key sliced from it would keep the whole header alive, and 500 of those would take half
// the isolate's memory.
const botAnswers = new Map<string, boolean>()
const BOT_MEMO = 500
const UA_CHARS = 512

function isBot(ua: string): boolean {
  if (ua.length > UA_CHARS) return isbot(ua.slice(0, UA_CHARS))
  let known = botAnswers.get(ua)
  if (known === undefined) {
    known = isbot(ua)
    if (botAnswers.size >= BOT_MEMO) botAnswers.clear()
    botAnswers.set(ua, known)
  }
  return known
}
