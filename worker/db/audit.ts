/**
 * The audit log: who changed what on a site, and when. Writers build the insert with `auditEntry` and
 * put it in the same D1 batch as the change, so a change and its record exist together or not at all.
 * Summaries never carry secrets: `redactSecrets` drops every field whose name says secret, token, hash
 * or password, and a Slack or webhook URL is shown by host only (its path is a credential).
 */
import { and, desc, eq, lt, or } from 'drizzle-orm'
import { auditLog } from '../../schema/tables'
import { decodeCursor, encodeCursor } from '../http/cursor'
import { iso } from '../scoring/time'
import { type Db, newId } from './client'

/** Who acted: "key:<key name>" with the key's id, "operator", or "slack:<user id> <user name>". */
export interface Actor {
  actor: string
  keyId?: string | null
}

export type AuditAction =
  | 'site.create'
  | 'site.update'
  | 'site.suspend'
  | 'site.resume'
  | 'site.email-confirmed'
  | 'site.email-confirmation-sent'
  | 'site.identity-secret-rotate'
  | 'site.delete'
  | 'key.create'
  | 'key.revoke'
  | 'model.save'
  | 'calibration.adopt'
  | 'lead.erase'
  | 'erasure'
  | 'import'
  | 'outcomes'

export interface AuditInput {
  siteId: string
  who: Actor
  action: AuditAction
  target?: string | null
  summary: Record<string, unknown>
  at: number
}

/**
 * The insert for one audit entry, to put in the batch of the change it records.
 * @example
 * await db.batch([db.insert(apiKeys).values(row), auditEntry(db, { siteId, who, action: 'key.create', target: row.id, summary, at: now })])
 */
export function auditEntry(db: Db, e: AuditInput) {
  return db.insert(auditLog).values({
    id: newId('aud'),
    siteId: e.siteId,
    at: e.at,
    actor: e.who.actor,
    actorKeyId: e.who.keyId ?? null,
    action: e.action,
    target: e.target ?? null,
    summary: redactSecrets(e.summary) as Record<string, unknown>,
  })
}

const SECRET_NAME = /secret|token|hash|password|apikey/i
const URL_NAME = /url$/i

/**
 * A copy of `v` without secrets: fields named like a secret are dropped, URLs reduced to their origin.
 * @example
 * redactSecrets({ webhookSecret: 'whsec_x', alerts: { webhookUrl: 'https://crm.example/hook/abc' } })
 * // → { alerts: { webhookUrl: 'https://crm.example/…' } }
 */
export function redactSecrets(v: unknown, name = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => redactSecrets(x))
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) if (!SECRET_NAME.test(k)) out[k] = redactSecrets(x, k)
    return out
  }
  if (typeof v === 'string' && URL_NAME.test(name)) {
    try {
      return `${new URL(v).origin}/…`
    } catch {
      return '…'
    }
  }
  return v
}

/**
 * The fields that differ between two flat objects, as `{ field: { before, after } }`.
 * @example
 * diff({ a: 1, b: 2 }, { a: 1, b: 3 }) // → { b: { before: 2, after: 3 } }
 */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { before: unknown; after: unknown }> {
  const out: Record<string, { before: unknown; after: unknown }> = {}
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = { before: before[k] ?? null, after: after[k] ?? null }
  }
  return out
}

/** One entry as `GET /api/v1/audit` shows it. */
export interface AuditView {
  id: string
  at: string
  actor: string
  actorKeyId: string | null
  action: string
  target: string | null
  summary: Record<string, unknown>
}

const isCursor = (v: unknown): v is [number, string] => Array.isArray(v) && v.length === 2 && Number.isFinite(v[0]) && typeof v[1] === 'string'

/**
 * A page of the site's audit log, newest first.
 * @example
 * const { data, nextCursor } = await listAudit(db, siteId, { limit: 50 })
 */
export async function listAudit(db: Db, siteId: string, q: { limit: number; cursor?: string }): Promise<{ data: AuditView[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeCursor(q.cursor, isCursor) : null
  const rows = await db
    .select()
    .from(auditLog)
    .where(
      and(
        eq(auditLog.siteId, siteId),
        after ? or(lt(auditLog.at, after[0]), and(eq(auditLog.at, after[0]), lt(auditLog.id, after[1]))) : undefined,
      ),
    )
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(q.limit + 1)
  const page = rows.slice(0, q.limit)
  const last = page[page.length - 1]
  return {
    data: page.map((r) => ({ id: r.id, at: iso(r.at), actor: r.actor, actorKeyId: r.actorKeyId, action: r.action, target: r.target, summary: r.summary })),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.at, last.id]) : null,
  }
}
