import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/** The header that carries a D1 Sessions API bookmark in both directions. */
export const BOOKMARK_HEADER = 'x-d1-bookmark'

// D1 bookmarks are hex groups joined by dashes; anything else is ignored rather than handed to D1.
const BOOKMARK = /^[0-9a-f]{1,32}(-[0-9a-f]{1,32}){0,7}$/i

/**
 * Every `/api/v1` request runs its D1 queries in one D1 session (the Sessions API), so reads may be
 * served by a read replica when the database has replication enabled, and stay sequentially consistent
 * within the request. A GET starts where the client's `x-d1-bookmark` says (it has seen its own writes)
 * or, without one, on any replica; other methods start on the primary. The answer carries the
 * session's latest bookmark in `x-d1-bookmark`. Without replication D1 serves everything from the
 * primary, as before.
 * @example
 * app.use('/api/v1/*', d1Session)
 */
export const d1Session = createMiddleware<AppEnv>(async (c, next) => {
  const given = c.req.header(BOOKMARK_HEADER)?.trim()
  const constraint = c.req.method === 'GET' || c.req.method === 'HEAD' ? (given && BOOKMARK.test(given) ? given : 'first-unconstrained') : 'first-primary'
  const primary = c.env.DB
  const session = primary.withSession(constraint)
  // a D1Database whose statements run in the session (exec and dump stay on the binding: nothing here uses them)
  const db: D1Database = {
    prepare: (q) => session.prepare(q),
    batch: (s) => session.batch(s),
    exec: (q) => primary.exec(q),
    dump: () => primary.dump(),
    withSession: (b) => primary.withSession(b),
  }
  c.env = { ...c.env, DB: db }
  await next()
  const bookmark = session.getBookmark()
  if (bookmark) c.res.headers.set(BOOKMARK_HEADER, bookmark)
})
