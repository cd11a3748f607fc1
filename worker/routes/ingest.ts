import { Hono } from 'hono'
import { isbot } from 'isbot'
import { alertHooks } from '../ingest/alert-hooks'
import { database } from '../db/client'
import type { AppEnv } from '../env'
import { ProblemError } from '../http/problem'
import { ingestGate } from '../ingest/admit'
import { ingestBatch } from '../ingest/pipeline'
import { BatchSchema, describeIssues, LIMITS } from '../ingest/validate'

/**
 * `POST /e`: a batch of events from the snippet. Sent as text/plain (no CORS preflight) or JSON.
 * 202 with counts on success, 204 for bots, problem+json for anything wrong.
 * @example
 * app.route('/', ingestRoutes)
 */
export const ingestRoutes = new Hono<AppEnv>()

const cors = (origin: string | undefined): Record<string, string> => ({
  'Access-Control-Allow-Origin': origin && origin !== 'null' ? origin : '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Max-Age': '86400',
  Vary: 'Origin',
})

ingestRoutes.options('/e', (c) => c.body(null, 204, cors(c.req.header('Origin'))))

ingestRoutes.post('/e', async (c) => {
  const origin = c.req.header('Origin')
  // Errors must carry CORS headers too, or the snippet cannot tell a 4xx (drop) from a network error (retry).
  try {
    return await handle()
  } catch (err) {
    if (err instanceof ProblemError) throw new ProblemError(err.status, err.detail, { ...err.extra, headers: { ...err.extra.headers, ...cors(origin) } })
    throw err
  }

  async function handle(): Promise<Response> {
    const type = (c.req.header('Content-Type') ?? 'text/plain').split(';')[0].trim().toLowerCase()
    if (type !== 'text/plain' && type !== 'application/json') {
      throw new ProblemError(415, 'send the batch as text/plain or application/json', { type: 'unsupported-media-type' })
    }
    const declared = Number(c.req.header('Content-Length') ?? 0)
    if (declared > LIMITS.bodyBytes) throw tooLarge()
    const buf = await c.req.arrayBuffer()
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
    if (isbot(c.req.header('User-Agent') ?? '')) return c.body(null, 204, cors(origin))
    const batch = parsed.data
    const now = Date.now()
    // the client address goes into limiter keys (hashed) and nowhere else; a refusal here costs no D1 read
    const gate = ingestGate(c.env, batch.s, batch.v, c.req.header('CF-Connecting-IP') ?? null, now)
    const refused = await gate.early()
    if (refused) throw refused
    const cf = c.req.raw.cf as { country?: string } | undefined
    const out = await ingestBatch(
      database(c.env.DB),
      batch,
      { origin: origin ?? null, country: cf?.country ?? null, now },
      { ...alertHooks(c.env, new URL(c.req.url).origin), admit: gate.admit },
    )
    if (out.after) c.executionCtx.waitUntil(out.after())
    return c.json(out.counts, 202, cors(origin))
  }
})

const tooLarge = () => new ProblemError(413, `a batch is at most ${LIMITS.bodyBytes} bytes`, { type: 'too-large' })
