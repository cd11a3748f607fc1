// What both site routes do after alerts.email changes (the operator's POST /api/v1/sites and a key's
// PATCH /api/v1/site): mail the owner of a new, unconfirmed address its confirmation link.
import { needsConfirmation, sendConfirmationMail } from '../alerts'
import type { Actor } from '../db/audit'
import type { Db, SiteRow } from '../db/client'

/**
 * After a change: mails the confirmation link when alerts.email became an address not yet confirmed.
 * @example
 * const mail = await confirmIfNew(c.env, db, before, row, origin, actorOf(c), now) // { emailConfirmation: 'sent' } or {}
 */
export async function confirmIfNew(
  env: Parameters<typeof sendConfirmationMail>[0],
  db: Db,
  before: Pick<SiteRow, 'alerts'> | null,
  row: SiteRow,
  origin: string,
  who: Actor,
  now: number,
): Promise<{ emailConfirmation?: 'sent' | 'limited' | 'failed' }> {
  if (!needsConfirmation(row) || before?.alerts?.email === row.alerts?.email) return {}
  const r = await sendConfirmationMail(env, db, row, origin, who, now)
  return r.status === 'not-needed' ? {} : { emailConfirmation: r.status }
}
