/**
 * Marketer API keys of a site: list (never the secret), create (the secret is returned once and stored
 * only as its SHA-256), revoke. Revoking is one conditional UPDATE, so two keys revoking each other at
 * the same moment cannot leave a site with no usable key.
 */
import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm'
import { apiKeys } from '../../schema/tables'
import { newApiKey } from '../http/api-key.js'
import type { Scope } from '../http/scopes'
import { type Actor, auditEntry } from './audit'
import { type Db, newId } from './client'
import { iso } from '../scoring/time'

/** A key as listed: everything but the secret and its hash. Times are ISO-8601. */
export interface ApiKeyView {
  id: string
  name: string
  /** read | write | admin */
  scope: Scope
  /** the first characters of the key, to tell keys apart */
  prefix: string
  createdAt: string
  lastUsedAt: string | null
  revokedAt: string | null
}

type KeyRow = typeof apiKeys.$inferSelect

/**
 * A key row as the API shows it.
 * @example
 * toKeyView(row) // { id: 'key_…', name: 'CRM sync', prefix: 'lb_Ab3dE6', … }
 */
export function toKeyView(r: Pick<KeyRow, 'id' | 'name' | 'scope' | 'prefix' | 'createdAt' | 'lastUsedAt' | 'revokedAt'>): ApiKeyView {
  return { id: r.id, name: r.name, scope: r.scope, prefix: r.prefix, createdAt: iso(r.createdAt), lastUsedAt: iso(r.lastUsedAt), revokedAt: iso(r.revokedAt) }
}

/**
 * Every key of the site, oldest first, revoked ones included (so an audit can see them).
 * @example
 * const keys = await listKeys(db, siteId)
 */
export async function listKeys(db: Db, siteId: string): Promise<ApiKeyView[]> {
  return (await keysQuery(db, siteId)).map(toKeyView)
}

/** The read behind listKeys (exported so a test can EXPLAIN the exact SQL). */
export const keysQuery = (db: Db, siteId: string) =>
  db
    .select({ id: apiKeys.id, name: apiKeys.name, scope: apiKeys.scope, prefix: apiKeys.prefix, createdAt: apiKeys.createdAt, lastUsedAt: apiKeys.lastUsedAt, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.siteId, siteId))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))

/**
 * Creates a key, with its audit entry in the same batch; the returned `key` is the only time the
 * secret exists outside the caller.
 * @example
 * const { key, view } = await createKey(db, siteId, { name: 'CRM sync', scope: 'read' }, { actor: 'key:default', keyId }, Date.now())
 */
export async function createKey(db: Db, siteId: string, input: { name: string; scope: Scope }, who: Actor, now: number): Promise<{ key: string; view: ApiKeyView }> {
  const { key, prefix, keyHash } = await newApiKey()
  const row = { id: newId('key'), siteId, name: input.name, scope: input.scope, prefix, keyHash, createdAt: now, lastUsedAt: null, revokedAt: null }
  await db.batch([db.insert(apiKeys).values(row), auditEntry(db, { siteId, who, action: 'key.create', target: row.id, summary: keyRef(row), at: now })])
  return { key, view: toKeyView(row) }
}

/** How an audit entry names a key: id, name and scope (never the secret or its hash). */
export const keyRef = (k: Pick<KeyRow, 'id' | 'name' | 'scope'>) => ({ key: { id: k.id, name: k.name, scope: k.scope } })

/** How a revocation went. */
export type RevokeResult = 'revoked' | 'already-revoked' | 'not-found' | 'last-active-key'

/**
 * Revokes key `id` of the site. The key making the request (`who.keyId`) may revoke itself only while
 * another active key remains — checked inside the UPDATE, so concurrent revocations cannot race past it.
 * @example
 * await revokeKey(db, siteId, 'key_old', actorOf(c), Date.now()) // 'revoked'
 */
export async function revokeKey(db: Db, siteId: string, id: string, who: Actor & { keyId: string }, now: number): Promise<RevokeResult> {
  const another = sql`exists (select 1 from ${apiKeys} k2 where k2.site_id = ${siteId} and k2.revoked_at is null and k2.id <> ${id})`
  const done = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, id), eq(apiKeys.siteId, siteId), isNull(apiKeys.revokedAt), id === who.keyId ? another : undefined))
    .returning({ id: apiKeys.id, name: apiKeys.name, scope: apiKeys.scope })
  if (done.length) {
    // after the conditional UPDATE decided: whether it revoked anything is only known from its answer
    await auditEntry(db, { siteId, who, action: 'key.revoke', target: id, summary: keyRef(done[0]), at: now })
    return 'revoked'
  }
  const row = await db.select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(and(eq(apiKeys.id, id), eq(apiKeys.siteId, siteId))).get()
  if (!row) return 'not-found'
  return row.revokedAt !== null ? 'already-revoked' : 'last-active-key'
}

/** lastUsedAt is written at most this often per key: a write per request would double the API's D1 writes. */
export const LAST_USED_RESOLUTION_MS = 60_000

/**
 * Records that a key was used (at a one-minute resolution).
 * @example
 * c.executionCtx.waitUntil(touchKey(db, keyId, Date.now()))
 */
export async function touchKey(db: Db, keyId: string, now: number): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, keyId), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, now - LAST_USED_RESOLUTION_MS))))
}
