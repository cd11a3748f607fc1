// Stands in for the two PostgreSQL modules drizzle-orm's shared code imports (wrangler.toml `[alias]` of
// the relative paths `sql/sql.js` and `relations.js` use): `isPgEnum` and the pg `PrimaryKeyBuilder`
// class, which those files only test values against. They brought pg-core's column, table and
// constraint classes into a SQLite Worker. Nothing here makes a PostgreSQL enum or key, so the answers
// are the ones the real modules give for every SQLite value: not a pg enum, not a pg key builder.
import { entityKind } from 'drizzle-orm'

export function isPgEnum(_value: unknown): false {
  return false
}

/** Matches no value the Worker has (`is(value, PrimaryKeyBuilder)` needs a class with drizzle's entity kind). */
// biome-ignore lint/complexity/noStaticOnlyClass: drizzle's `is()` tests against a class (instanceof, then its static entity kind)
export class PrimaryKeyBuilder {
  static readonly [entityKind]: string = 'PgPrimaryKeyBuilder'
}
