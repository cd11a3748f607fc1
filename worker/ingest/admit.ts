import type { SiteRow } from '../db/client'
import type { Env } from '../env'
import { ProblemError } from '../http/problem'
import { addressKey, effectiveLimits, shards, spread, UNITS } from './limits'

const limited = (detail: string) => new ProblemError(429, detail, { type: 'rate-limited', headers: { 'Retry-After': '60' } })

/**
 * The per-visitor limit, checked before anything is read: batches of one visitor id per minute (all
 * its tabs together).
 * @example
 * const p = await visitorLimit(env, batch.s, batch.v); if (p) throw p
 */
export async function visitorLimit(env: Env, siteKey: string, vid: string): Promise<ProblemError | null> {
  const rl = env.RL_INGEST
  return rl && !(await rl.limit({ key: `${siteKey}:${vid}` })).success ? limited('too many events from this visitor; slow down') : null
}

/**
 * The limits that need the site's settings and the first read: new visitor ids per client address,
 * batches per address, batches per site. A missing binding or address skips its limit.
 * @example
 * ingestBatch(db, batch, meta, { ...alertHooks(env, origin), admit: siteLimits(env, batch.v, ip) })
 */
export function siteLimits(env: Env, vid: string, ip: string | null): (site: SiteRow, newVisitor: boolean) => Promise<ProblemError | null> {
  return async (site, newVisitor) => {
    const lim = effectiveLimits(site.ingestLimits)
    const addr = await addressKey(ip, env.ADMIN_TOKEN ?? '')
    const check = async (rl: RateLimit | undefined, key: string, budget: number, unit: number) =>
      !rl || (await rl.limit({ key: `${key}:${spread(vid, shards(budget, unit))}` })).success
    if (addr && newVisitor && !(await check(env.RL_NEW_VISITORS, `${site.id}:${addr}`, lim.newVisitorsPerAddressPerMinute, UNITS.newVisitors))) {
      return limited('too many new visitors from this address; retry later')
    }
    if (addr && !(await check(env.RL_ADDRESS, `${site.id}:${addr}`, lim.batchesPerAddressPerMinute, UNITS.address))) {
      return limited('too many batches from this address; slow down')
    }
    if (!(await check(env.RL_SITE, site.id, lim.batchesPerSitePerMinute, UNITS.site))) return limited('this site receives too many batches; retry later')
    return null
  }
}
