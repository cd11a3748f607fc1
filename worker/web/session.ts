/**
 * The app's session: a cookie holding a signed, expiring token that names an API key by id (never the
 * key itself). Every request re-reads that key, so revoking it (or suspending its site) ends its sessions at once.
 */
import { and, eq, isNull } from 'drizzle-orm'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { apiKeys, sites } from '../../schema/tables'
import { database } from '../db/client'
import { isLocal } from '../env'
import { sha256Hex } from '../http/crypto'
import { signToken, verifyToken } from '../http/signed-token'
import { scopeOfKey } from './can'

export type { SessionKey } from './types'
import type { SessionKey, WebEnv } from './types'

export const SESSION_COOKIE = 'lb_session'
/** A session lasts a working day; signing in again is one paste. */
export const SESSION_HOURS = 12
const PURPOSE = 'leadbeacon/app-session/v1'

/**
 * Who a session acts as, for the audit log: the same "key:<key name>" the API records.
 * @example
 * await saveModel(db, siteId, model, now, { who: sessionActor(session) })
 */
export const sessionActor = (s: SessionKey) => ({ actor: `key:${s.keyName}`, keyId: s.keyId })

/**
 * The unrevoked key whose secret is `key`, with its site (not suspended), or null.
 * @example
 * const k = await keyBySecret(env.DB, form.key)
 */
export async function keyBySecret(d1: D1Database, key: string): Promise<SessionKey | null> {
  return keyWhere(d1, eq(apiKeys.keyHash, await sha256Hex(key)))
}

async function keyWhere(d1: D1Database, cond: ReturnType<typeof eq>): Promise<SessionKey | null> {
  const row = await database(d1)
    .select({ keyId: apiKeys.id, keyName: apiKeys.name, scope: apiKeys.scope, siteId: apiKeys.siteId, siteName: sites.name })
    .from(apiKeys)
    .innerJoin(sites, eq(sites.id, apiKeys.siteId))
    .where(and(cond, isNull(apiKeys.revokedAt), isNull(sites.suspendedAt)))
    .get()
  return row ? { ...row, scope: scopeOfKey(row) } : null
}

const cookieOptions = (c: Context<WebEnv>) => ({
  path: '/app',
  httpOnly: true,
  sameSite: 'Lax' as const,
  secure: !isLocal(c.env),
})

/**
 * Starts a session for key `keyId`: sets the cookie.
 * @example
 * await startSession(c, k.keyId, Date.now())
 */
export async function startSession(c: Context<WebEnv>, keyId: string, now: number): Promise<void> {
  const exp = now + SESSION_HOURS * 3_600_000
  const token = await signToken(c.env.ADMIN_TOKEN, PURPOSE, { k: keyId, exp })
  setCookie(c, SESSION_COOKIE, token, { ...cookieOptions(c), maxAge: SESSION_HOURS * 3600 })
}

/** Ends the session (the cookie; the key stays valid). */
export function endSession(c: Context<WebEnv>): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c))
}

/**
 * The session's key, or null: no cookie, a bad or expired signature, or a key revoked since.
 * @example
 * const who = await readSession(c, Date.now())
 */
export async function readSession(c: Context<WebEnv>, now: number): Promise<SessionKey | null> {
  const p = await verifyToken(c.env.ADMIN_TOKEN, PURPOSE, getCookie(c, SESSION_COOKIE), now)
  if (!p || typeof p.k !== 'string') return null
  return keyWhere(c.env.DB, eq(apiKeys.id, p.k))
}
