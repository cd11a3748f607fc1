import { and, eq, isNull } from 'drizzle-orm'
import { createMiddleware } from 'hono/factory'
import { apiKeys, sites } from '../../schema/tables'
import { database } from '../db/client'
import { touchKey } from '../db/keys'
import type { AppEnv } from '../env'
import { secretsEqual, sha256Hex } from '../http/crypto'
import { ProblemError } from '../http/problem'
import { type Action, ACTIONS, scopeAllows } from '../http/scopes'

const bearer = (h: string | undefined): string | null => {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h ?? '')
  return m ? m[1] : null
}

/**
 * Operator routes: `Authorization: Bearer $ADMIN_TOKEN`, compared in constant time.
 * @example
 * sitesRoutes.use('/api/v1/sites', requireAdmin)
 */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const token = bearer(c.req.header('Authorization'))
  if (!token || !c.env.ADMIN_TOKEN || !(await secretsEqual(token, c.env.ADMIN_TOKEN))) {
    throw new ProblemError(401, 'this route needs Authorization: Bearer <ADMIN_TOKEN>', {
      type: 'unauthorized',
      headers: { 'WWW-Authenticate': 'Bearer' },
    })
  }
  await next()
})

/**
 * Marketer routes: `Authorization: Bearer <API key>`. Keys are looked up by their SHA-256 hash, so the
 * comparison is on digests (no timing signal about the key), and a revoked key is refused.
 * Sets `siteId`, `apiKeyId`, `apiKeyName` and `apiKeyScope` on the context and records the key's
 * `lastUsedAt`. A key of a suspended site is refused (403).
 * @example
 * leadsRoutes.use('/api/v1/*', requireApiKey)
 */
export const requireApiKey = createMiddleware<AppEnv>(async (c, next) => {
  const key = bearer(c.req.header('Authorization'))
  const row = key
    ? await database(c.env.DB)
        .select({ id: apiKeys.id, siteId: apiKeys.siteId, name: apiKeys.name, scope: apiKeys.scope, suspendedAt: sites.suspendedAt })
        .from(apiKeys)
        .innerJoin(sites, eq(sites.id, apiKeys.siteId))
        .where(and(eq(apiKeys.keyHash, await sha256Hex(key)), isNull(apiKeys.revokedAt)))
        .get()
    : undefined
  if (!row) {
    throw new ProblemError(401, 'this route needs Authorization: Bearer <API key> with a valid, unrevoked key', {
      type: 'unauthorized',
      headers: { 'WWW-Authenticate': 'Bearer' },
    })
  }
  const rl = c.env.RL_API
  if (rl && !(await rl.limit({ key: row.id })).success) {
    throw new ProblemError(429, 'too many requests for this API key', { type: 'rate-limited', headers: { 'Retry-After': '60' } })
  }
  if (row.suspendedAt !== null) {
    throw new ProblemError(403, 'this site is suspended by the operator; its keys do nothing until it is resumed', { type: 'site-suspended' })
  }
  c.set('siteId', row.siteId)
  c.set('apiKeyId', row.id)
  c.set('apiKeyName', row.name)
  c.set('apiKeyScope', row.scope)
  // lastUsedAt, recorded after the answer: a failure to record must not fail the request it describes
  const touch = touchKey(database(c.env.DB), row.id, Date.now()).catch((err) => console.error('lastUsedAt not recorded', err))
  try {
    c.executionCtx.waitUntil(touch)
  } catch {
    await touch // no execution context (app.request in a script)
  }
  await next()
})

/**
 * Refuses (403) a key whose scope does not cover `action` (http/scopes.ts). Runs after requireApiKey.
 * @example
 * const guard = [requireApiKey, requireScope('leads.erase')] // a route's middleware
 */
export const requireScope = (action: Action) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const scope = c.get('apiKeyScope')
    if (!scopeAllows(scope, action)) {
      throw new ProblemError(403, `this API key has scope "${scope}"; ${c.req.method} ${c.req.path} needs "${ACTIONS[action]}"`, {
        type: 'insufficient-scope',
      })
    }
    await next()
  })

/**
 * Who the request acts as, for the audit log and stage changes: "key:<key name>".
 * @example
 * actorOf(c) // → { actor: 'key:CRM sync', keyId: 'key_…' }
 */
export const actorOf = (c: { get(k: 'apiKeyName'): string; get(k: 'apiKeyId'): string }) => ({ actor: `key:${c.get('apiKeyName')}`, keyId: c.get('apiKeyId') })
