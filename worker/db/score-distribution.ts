/**
 * Every identified lead's score decayed to `now`, computed in D1 (one narrow column), for the scoring
 * page's distribution against the thresholds.
 */
import { eq } from 'drizzle-orm'
import { leads } from '../../schema/tables'
import type { Model } from '../scoring'
import type { Db } from './client'
import { decayedScoreSql } from './decayed-score'

/** Leads read at most; the distribution of a bigger site is of its first this many. */
export const DISTRIBUTION_LIMIT = 20_000

/**
 * The site's lead scores at `now`.
 * @example
 * const scores = await scoreDistribution(db, siteId, model, Date.now())
 */
export async function scoreDistribution(db: Db, siteId: string, model: Model, now: number): Promise<number[]> {
  const rows = await db.select({ s: decayedScoreSql(model, now) }).from(leads).where(eq(leads.siteId, siteId)).limit(DISTRIBUTION_LIMIT)
  return rows.map((r) => Number(r.s))
}
