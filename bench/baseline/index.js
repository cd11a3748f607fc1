// The bench's baseline Worker: accepts the same `POST /e` batches as Leadbeacon and stores them in the
// same D1 schema with the minimum of work — one read (the site), one batched write (visitor upsert and
// the events, deduplicated by the same unique index). No schema validation beyond shape, no identity,
// no scoring: it is the floor that `ingest.ratio` compares Leadbeacon against.

const TYPES = { pv: 'page_view', eng: 'engaged', dl: 'download', form: 'form_submit', id: 'identify', tr: 'custom' }
// D1 binds at most 100 parameters per statement: 10 columns × 9 rows.
const ROWS_PER_INSERT = 9

const cors = (origin) => ({ 'Access-Control-Allow-Origin': origin || '*', Vary: 'Origin' })
const answer = (status, body, origin) =>
  new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...cors(origin) } })

/**
 * Whether `origin`'s host is one of `domains` or a subdomain of one.
 * @example
 * originAllowed('http://localhost:8080', ['localhost']) // true
 */
export function originAllowed(origin, domains) {
  let host
  try {
    host = new URL(origin).hostname
  } catch {
    return false
  }
  return domains.some((d) => host === d || host.endsWith(`.${d}`))
}

/**
 * Stores one batch: one D1 read, one D1 batch write. Answers like Leadbeacon: 202 with counts.
 * @example
 * await ingest(request, env) // Response 202 {"accepted":10,"duplicates":0}
 */
export async function ingest(request, env) {
  const origin = request.headers.get('Origin')
  let batch
  try {
    batch = JSON.parse(await request.text())
  } catch {
    return answer(400, { detail: 'invalid JSON' }, origin)
  }
  const events = batch?.e
  if (typeof batch?.s !== 'string' || typeof batch.v !== 'string' || !Array.isArray(events) || !events.length || events.length > 50) {
    return answer(400, { detail: 'invalid batch' }, origin)
  }
  const site = await env.DB.prepare('SELECT id, domains FROM sites WHERE site_key = ?').bind(batch.s).first()
  if (!site) return answer(400, { detail: 'unknown site' }, origin)
  if (!originAllowed(origin, JSON.parse(site.domains))) return answer(403, { detail: 'origin not allowed' }, origin)

  const now = Date.now()
  const visitorId = `${site.id}:${batch.v}`
  const stmts = [
    env.DB.prepare(
      'INSERT INTO visitors (id, site_id, vid, scored_at, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?) ' +
        'ON CONFLICT(id) DO UPDATE SET last_seen_at = excluded.last_seen_at, version = version + 1',
    ).bind(visitorId, site.id, batch.v, now, now, now),
  ]
  for (let i = 0; i < events.length; i += ROWS_PER_INSERT) {
    const slice = events.slice(i, i + ROWS_PER_INSERT)
    const values = slice.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')
    const params = slice.flatMap((e) => [
      site.id,
      visitorId,
      String(e.i),
      TYPES[e.t] ?? 'custom',
      e.p ?? null,
      e.f ?? e.u ?? (e.t === 'tr' ? e.n : null) ?? null,
      e.t === 'eng' ? e.n : null,
      e.d ? JSON.stringify(e.d) : null,
      Math.min(Number(e.ts) || now, now),
      now,
    ])
    stmts.push(
      env.DB.prepare(
        `INSERT INTO events (site_id, visitor_id, eid, type, path, name, seconds, props, at, received_at) VALUES ${values} ON CONFLICT DO NOTHING`,
      ).bind(...params),
    )
  }
  const results = await env.DB.batch(stmts)
  const accepted = results.slice(1).reduce((n, r) => n + (r.meta?.changes ?? 0), 0)
  return answer(202, { accepted, duplicates: events.length - accepted }, origin)
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url)
    if (request.method === 'POST' && pathname === '/e') return ingest(request, env)
    if (request.method === 'GET' && pathname === '/health') return answer(200, { ok: true }, null)
    return answer(404, { detail: 'not found' }, null)
  },
}
