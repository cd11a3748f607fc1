import { and, eq, inArray, sql } from 'drizzle-orm'
import { leads } from '../../schema/tables'
import type { Db } from './client'

export interface OutcomeInput {
  email: string
  outcome: 'won' | 'lost'
  /** ms since the epoch */
  at: number
}

/**
 * Records imported outcomes by email (source `import`, which calibration counts apart from sales'), in
 * chunks; each write bumps the lead's version so a concurrent ingest
 * notices. Emails with no lead on this site are reported back, not created.
 * @example
 * const { updated, unknown } = await recordOutcomes(db, siteId, [{ email: 'a@b.co', outcome: 'won', at: Date.now() }])
 */
export async function recordOutcomes(db: Db, siteId: string, items: OutcomeInput[]): Promise<{ updated: number; unknown: string[] }> {
  let updated = 0
  const unknown: string[] = []
  for (let i = 0; i < items.length; i += 50) {
    const chunk = items.slice(i, i + 50)
    const found = await db
      .select({ email: leads.email })
      .from(leads)
      .where(and(eq(leads.siteId, siteId), inArray(leads.email, chunk.map((c) => c.email))))
    const known = new Set(found.map((f) => f.email))
    const writes = chunk
      .filter((c) => known.has(c.email))
      .map((c) =>
        db
          .update(leads)
          .set({ outcome: c.outcome, outcomeAt: c.at, outcomeSource: 'import', version: sql`${leads.version} + 1` })
          .where(and(eq(leads.siteId, siteId), eq(leads.email, c.email))),
      )
    for (const c of chunk) if (!known.has(c.email)) unknown.push(c.email)
    if (writes.length) await db.batch(writes as [(typeof writes)[number], ...typeof writes])
    updated += writes.length
  }
  return { updated, unknown }
}
