import type { SiteRow } from '../db/client'
import type { Env } from '../env'
import { ProblemError } from '../http/problem'
import { addressKey, effectiveLimits, shards, spread, UNITS } from './limits'

const limited = (detail: string, seconds = 60) =>
  new ProblemError(429, detail, { type: 'rate-limited', headers: { 'Retry-After': String(Math.max(1, Math.ceil(seconds))) } })

/** How long an address stays refused here after the new-visitor limiter refused it: that limiter's window. */
const BOX_MS = 60_000
/** How long this isolate trusts a site's limit settings it read (a raised limit applies within this). */
const SETTINGS_MS = 60_000
/** Bounds on the per-isolate memories below (each is a hint, never the record). */
const MAX_ENTRIES = 10_000

// Per isolate, so a flood is refused without touching D1. All three only ever make a refusal cheaper
// or earlier: the Rate Limiting bindings stay the judges.
/** `siteKey:address` → until when the new-visitor limiter's "no" stands */
const boxed = new Map<string, number>()
/** `siteKey:vid` of visitors admitted lately (a boxed address's known visitors still get in) */
const admitted = new Map<string, true>()
/** site key → the site's id and limit settings, as last read */
const settings = new Map<string, { siteId: string; limits: SiteRow['ingestLimits']; at: number }>()

function remember<V>(m: Map<string, V>, key: string, value: V): void {
  m.delete(key)
  if (m.size >= MAX_ENTRIES) m.delete(m.keys().next().value as string)
  m.set(key, value)
}

/** One ingest request's limits: `early` before any D1 read, `admit` once the first read is done. */
export interface IngestGate {
  early(): Promise<ProblemError | null>
  admit(site: SiteRow, newVisitor: boolean): Promise<ProblemError | null>
}

/**
 * The ingest limits of one batch. Before anything is read (`early`): batches per visitor id; an address
 * the new-visitor limiter refused in the last minute (unless this visitor was admitted here before);
 * and, when this isolate knows the site's settings, batches per address and per site. After the first
 * read (`admit`, which knows whether the database has seen the visitor id): new visitor ids per address,
 * and the per-address and per-site limits if `early` could not check them. A missing binding or address
 * skips its limit. The address is only ever hashed into limiter keys.
 * @example
 * const gate = ingestGate(env, batch.s, batch.v, c.req.header('CF-Connecting-IP') ?? null, Date.now())
 * const refused = await gate.early(); if (refused) throw refused
 */
export function ingestGate(env: Env, siteKey: string, vid: string, ip: string | null, now: number): IngestGate {
  let addr: string | null = null
  let countedEarly = false
  const check = async (rl: RateLimit | undefined, key: string, budget: number, unit: number) =>
    !rl || (await rl.limit({ key: `${key}:${spread(vid, shards(budget, unit))}` })).success
  const shared = async (siteId: string, limits: SiteRow['ingestLimits']): Promise<ProblemError | null> => {
    const lim = effectiveLimits(limits)
    if (addr && !(await check(env.RL_ADDRESS, `${siteId}:${addr}`, lim.batchesPerAddressPerMinute, UNITS.address))) {
      return limited('too many batches from this address; slow down')
    }
    if (!(await check(env.RL_SITE, siteId, lim.batchesPerSitePerMinute, UNITS.site))) return limited('this site receives too many batches; retry later')
    return null
  }
  return {
    async early() {
      const rl = env.RL_INGEST
      if (rl && !(await rl.limit({ key: `${siteKey}:${vid}` })).success) return limited('too many events from this visitor; slow down')
      addr = await addressKey(ip, env.ADMIN_TOKEN ?? '')
      const until = addr ? (boxed.get(`${siteKey}:${addr}`) ?? 0) : 0
      if (until > now && !admitted.has(`${siteKey}:${vid}`)) return limited('too many new visitors from this address; retry later', (until - now) / 1000)
      const known = settings.get(siteKey)
      if (!known || now - known.at > SETTINGS_MS) return null
      countedEarly = true
      return shared(known.siteId, known.limits)
    },
    async admit(site, newVisitor) {
      remember(settings, siteKey, { siteId: site.id, limits: site.ingestLimits, at: now })
      const lim = effectiveLimits(site.ingestLimits)
      if (addr && newVisitor && !(await check(env.RL_NEW_VISITORS, `${site.id}:${addr}`, lim.newVisitorsPerAddressPerMinute, UNITS.newVisitors))) {
        remember(boxed, `${siteKey}:${addr}`, now + BOX_MS)
        return limited('too many new visitors from this address; retry later')
      }
      const refused = countedEarly ? null : await shared(site.id, site.ingestLimits)
      if (!refused) remember(admitted, `${siteKey}:${vid}`, true)
      return refused
    },
  }
}
