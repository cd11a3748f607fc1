// A bench-only Worker entry: Leadbeacon unchanged, with env.DB wrapped to count the D1 queries of
// each invocation (every statement run, alone or in a batch, as the platform counts them), including
// the work it leaves to waitUntil. GET /__bench/d1 returns (and forgets) the counts so far;
// POST /__bench/cron runs the cron handler once and answers its count. Never deployed.
import type { Env } from '../../worker/env'
import worker from '../../worker/index'

interface Tally {
  queries: number
  /** rows D1 reports read / written (meta of run, all and batch results; first and raw report none) */
  rowsRead: number
  rowsWritten: number
  /** rows read per statement (its SQL's first 120 characters), to tell which query reads what */
  bySql: globalThis.Record<string, number>
}
interface Record extends Tally {
  label: string
  status: number
}

const records: Record[] = []
const RUNS = ['first', 'all', 'run', 'raw'] as const

// Patches the instance's own methods (not a Proxy): D1's batch() reads the statement's internals.
const sqlOf = new WeakMap<object, string>()

function countStatement<T extends D1PreparedStatement>(stmt: T, tally: Tally, sql: string): T {
  const s = stmt as unknown as globalThis.Record<string, (...a: unknown[]) => unknown>
  sqlOf.set(stmt, sql)
  for (const m of RUNS) {
    const orig = s[m].bind(stmt)
    s[m] = async (...a: unknown[]) => {
      tally.queries++
      const r = await orig(...a)
      addMeta(tally, r, sql)
      return r
    }
  }
  const bind = s.bind.bind(stmt)
  s.bind = (...a: unknown[]) => countStatement(bind(...a) as D1PreparedStatement, tally, sql)
  return stmt
}

function addMeta(tally: Tally, r: unknown, sql = '?'): void {
  const meta = (r as { meta?: { rows_read?: number; rows_written?: number } } | null)?.meta
  tally.rowsRead += meta?.rows_read ?? 0
  tally.rowsWritten += meta?.rows_written ?? 0
  const key = sql.replace(/\s+/g, ' ').trim().slice(0, 120)
  tally.bySql[key] = (tally.bySql[key] ?? 0) + (meta?.rows_read ?? 0)
}

function countSession<T extends D1Database | D1DatabaseSession>(db: T, tally: Tally): T {
  const d = db as unknown as globalThis.Record<string, (...a: unknown[]) => unknown>
  const wrapped = Object.create(db) as globalThis.Record<string, unknown>
  wrapped.prepare = (sql: string) => countStatement(d.prepare.call(db, sql) as D1PreparedStatement, tally, sql)
  wrapped.batch = async (stmts: D1PreparedStatement[]) => {
    tally.queries += stmts.length
    const results = (await d.batch.call(db, stmts)) as unknown[]
    for (const [i, r] of results.entries()) addMeta(tally, r, sqlOf.get(stmts[i]))
    return results
  }
  if (typeof d.exec === 'function') {
    wrapped.exec = (sql: string) => {
      // exec runs each `;`-separated statement; close enough for a budget check
      tally.queries += Math.max(1, sql.split(';').filter((x) => x.trim()).length)
      return d.exec.call(db, sql)
    }
  }
  if (typeof d.withSession === 'function') {
    wrapped.withSession = (...a: unknown[]) => countSession(d.withSession.apply(db, a) as D1DatabaseSession, tally)
  }
  for (const m of ['dump', 'getBookmark']) if (typeof d[m] === 'function') wrapped[m] = d[m].bind(db)
  return wrapped as unknown as T
}

/** Runs `work` with a counting env and context; resolves when it and everything it left to waitUntil settled. */
async function counted<R>(env: Env, ctx: ExecutionContext, work: (env: Env, ctx: ExecutionContext) => Promise<R>): Promise<{ value: R; tally: Tally; settled: Promise<void> }> {
  const tally: Tally = { queries: 0, rowsRead: 0, rowsWritten: 0, bySql: {} }
  const pending: Promise<unknown>[] = []
  const myCtx = Object.create(ctx) as ExecutionContext
  myCtx.waitUntil = (p: Promise<unknown>) => {
    pending.push(p)
    ctx.waitUntil(p)
  }
  myCtx.passThroughOnException = () => ctx.passThroughOnException()
  const value = await work({ ...env, DB: countSession(env.DB, tally) }, myCtx)
  const settled = (async () => {
    // a waitUntil task may add more: wait until the list stops growing
    for (let seen = -1; seen !== pending.length; ) {
      seen = pending.length
      await Promise.allSettled(pending.slice())
    }
  })()
  return { value, tally, settled }
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url)
    if (url.pathname === '/__bench/d1') return Response.json(records.splice(0))
    if (url.pathname === '/__bench/cron' && request.method === 'POST') {
      const controller = { scheduledTime: Date.now(), cron: '* * * * *', noRetry() {} } as ScheduledController
      const { tally, settled } = await counted(env, ctx, async (e, c) => worker.scheduled(controller, e, c))
      await settled
      return Response.json(tally)
    }
    const given = request.headers.get('x-bench-label')
    const label = given ? decodeURIComponent(given) : `${request.method} ${url.pathname}`
    const { value, tally, settled } = await counted(env, ctx, (e, c) => Promise.resolve(worker.fetch(request, e, c)))
    ctx.waitUntil(settled.then(() => void records.push({ label, status: value.status, ...tally })))
    return value
  },
} satisfies ExportedHandler<Env>
