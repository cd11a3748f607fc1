import { getTableColumns, getTableName, type Table } from 'drizzle-orm'

/**
 * Maps a raw D1 row (snake_case columns, JSON as text, booleans as 0/1) to the drizzle row type of
 * `table`, using the table's own column definitions. Hot paths run hand-written SQL text through
 * `env.DB.prepare()` — no query building per request — and still get the same typed rows drizzle
 * would give.
 * @example
 * const toLead = rowMapper(leads)
 * const lead = toLead(await env.DB.prepare('select * from leads where id = ?').bind(id).first())
 */
export function rowMapper<T extends Table>(table: T): (raw: Record<string, unknown>) => T['$inferSelect'] {
  const cols = Object.entries(getTableColumns(table)).map(([key, col]) => [key, col.name, col] as const)
  return (raw) => {
    const out: Record<string, unknown> = {}
    for (const [key, name, col] of cols) {
      const v = raw[name]
      out[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v)
    }
    return out as T['$inferSelect']
  }
}

type Row = Record<string, unknown>

function driverValues<T extends Table>(table: T) {
  const cols = getTableColumns(table)
  return (key: string, v: unknown): unknown => {
    const col = cols[key]
    if (!col) throw new Error(`no column ${key} on this table`)
    return v === null || v === undefined ? null : col.mapToDriverValue(v)
  }
}

/**
 * A multi-row INSERT as one prepared statement, from typed rows (the columns of the first row; omitted
 * columns take their defaults). Values go through the columns' own driver mapping (JSON, booleans).
 * @example
 * insertStatement(env.DB, events, rows, 'do nothing')
 */
export function insertStatement<T extends Table>(d1: D1Database, table: T, rows: T['$inferInsert'][], onConflict?: 'do nothing'): D1PreparedStatement {
  const cols = getTableColumns(table)
  const keys = Object.keys(rows[0] as Row).filter((k) => (rows[0] as Row)[k] !== undefined)
  const toDriver = driverValues(table)
  const tuple = `(${keys.map(() => '?').join(', ')})`
  const sql = `insert into ${getTableName(table)} (${keys.map((k) => cols[k].name).join(', ')}) values ${rows.map(() => tuple).join(', ')}${onConflict ? ' on conflict do nothing' : ''}`
  return d1.prepare(sql).bind(...rows.flatMap((r) => keys.map((k) => toDriver(k, (r as Row)[k]))))
}

/**
 * An UPDATE of the given typed fields, plus raw SQL assignments (e.g. `version = version + 1`), where
 * `id` matches.
 * @example
 * updateStatement(env.DB, leads, id, { score: 12 }, ['version = version + 1'])
 */
export function updateStatement<T extends Table>(d1: D1Database, table: T, id: string, set: Partial<T['$inferInsert']>, raw: string[] = []): D1PreparedStatement {
  const cols = getTableColumns(table)
  const keys = Object.keys(set).filter((k) => (set as Row)[k] !== undefined)
  const toDriver = driverValues(table)
  const sql = `update ${getTableName(table)} set ${[...keys.map((k) => `${cols[k].name} = ?`), ...raw].join(', ')} where id = ?`
  return d1.prepare(sql).bind(...keys.map((k) => toDriver(k, (set as Row)[k])), id)
}
