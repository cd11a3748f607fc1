/**
 * Counts what one invocation asks of D1, the way the platform's per-invocation limit counts it: every
 * statement executed is a query, one by one or inside a `batch()` (a batch of five is five queries);
 * `exec()` counts the statements it ran. Wraps the real binding, so the Worker still talks to the real
 * local D1; only the counting is added.
 * @example
 * const { db, counts } = countingD1(env.DB)
 * await worker.fetch(request, { ...env, DB: db }, ctx)
 * counts.queries // e.g. 7
 */

/** What was asked of D1 since the wrapper was made. */
export interface D1Counts {
  /** statements executed (run / all / first / raw, each statement of a batch, each of exec) */
  queries: number
  /** `prepare()` calls */
  prepares: number
  /** `batch()` calls */
  batches: number
  /** `exec()` calls */
  execs: number
  /** round trips: a lone statement, a batch or an exec each make one */
  roundTrips: number
  /** the SQL of every executed statement, in order (for a failing budget's message) */
  sql: string[]
}

const EXECUTE = new Set(['run', 'all', 'first', 'raw'])

/**
 * A D1 binding that counts statements, prepares, batches and execs (also through `withSession`).
 * @example
 * const { db, counts } = countingD1(env.DB)
 */
export function countingD1(inner: D1Database): { db: D1Database; counts: D1Counts } {
  const counts: D1Counts = { queries: 0, prepares: 0, batches: 0, execs: 0, roundTrips: 0, sql: [] }
  return { db: wrapDatabase(inner, counts), counts }
}

// Wrapped statement → the real one, so batch() can hand D1 its own objects.
const real = new WeakMap<object, D1PreparedStatement>()

function wrapStatement(stmt: D1PreparedStatement, sql: string, counts: D1Counts): D1PreparedStatement {
  const wrapped = new Proxy(stmt, {
    get(target, key) {
      const value = Reflect.get(target, key, target)
      if (typeof value !== 'function') return value
      if (key === 'bind') return (...args: unknown[]) => wrapStatement(target.bind(...args), sql, counts)
      if (typeof key === 'string' && EXECUTE.has(key)) {
        return (...args: unknown[]) => {
          counts.queries++
          counts.roundTrips++
          counts.sql.push(sql)
          return (value as (...a: unknown[]) => unknown).apply(target, args)
        }
      }
      return value.bind(target)
    },
  })
  real.set(wrapped, stmt)
  sqlOf.set(wrapped, sql)
  return wrapped
}
const sqlOf = new WeakMap<object, string>()

function wrapDatabase<T extends D1Database | D1DatabaseSession>(db: T, counts: D1Counts): T {
  return new Proxy(db, {
    get(target, key) {
      const value = Reflect.get(target, key, target)
      if (typeof value !== 'function') return value
      if (key === 'prepare') {
        return (sql: string) => {
          counts.prepares++
          return wrapStatement(target.prepare(sql), sql, counts)
        }
      }
      if (key === 'batch') {
        return (stmts: D1PreparedStatement[]) => {
          counts.batches++
          counts.roundTrips++
          counts.queries += stmts.length
          for (const s of stmts) counts.sql.push(sqlOf.get(s) ?? '(unwrapped statement)')
          return target.batch(stmts.map((s) => real.get(s) ?? s))
        }
      }
      if (key === 'exec') {
        return async (sql: string) => {
          counts.execs++
          counts.roundTrips++
          const r = await (target as D1Database).exec(sql)
          counts.queries += r.count
          counts.sql.push(sql)
          return r
        }
      }
      if (key === 'withSession') {
        return (...args: unknown[]) => wrapDatabase((value as (...a: unknown[]) => D1DatabaseSession).apply(target, args), counts)
      }
      return value.bind(target)
    },
  }) as T
}
