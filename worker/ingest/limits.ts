/**
 * Ingest abuse limits on the Workers Rate Limiting bindings (wrangler.toml `[[ratelimits]]`). A binding's
 * limit is fixed at deploy time and `limit()` takes only a key, so a site that needs more than the unit
 * gets several keys ("shards"): its budget is the setting rounded up to a whole number of units. The
 * arithmetic behind every number is in docs/ingest.md. The client address is only ever part of a
 * limiter key, as a keyed hash: it is never stored or logged.
 */
import type { IngestLimitSettings } from '../../schema/tables'

/** The limit each binding is deployed with (per 60 s); keep in step with wrangler.toml. */
export const UNITS = {
  /** RL_INGEST: batches per visitor */
  visitor: 1200,
  /** RL_ADDRESS: batches per client address (per site) */
  address: 3000,
  /** RL_NEW_VISITORS: visitor ids the database has not seen, per client address (per site) */
  newVisitors: 60,
  /** RL_SITE: batches per site */
  site: 1000,
} as const

/** What a site gets unless it raised a limit (`PATCH /api/v1/site { ingestLimits }`). */
export const DEFAULT_INGEST_LIMITS: Required<IngestLimitSettings> = {
  newVisitorsPerAddressPerMinute: UNITS.newVisitors,
  batchesPerAddressPerMinute: UNITS.address,
  batchesPerSitePerMinute: 6 * UNITS.site,
}

/** A setting may raise a default this many times at most (each multiple is one more limiter key). */
export const MAX_MULTIPLE = 50

/**
 * The site's limits: its settings over the defaults.
 * @example
 * effectiveLimits({ newVisitorsPerAddressPerMinute: 120 }).batchesPerSitePerMinute // 6000
 */
export function effectiveLimits(s: IngestLimitSettings | null | undefined): Required<IngestLimitSettings> {
  return { ...DEFAULT_INGEST_LIMITS, ...(s ?? {}) }
}

/**
 * How many keys of `unit` a budget needs (at least one).
 * @example
 * shards(6000, 1000) // 6
 */
export const shards = (budget: number, unit: number): number => Math.max(1, Math.ceil(budget / unit))

/** FNV-1a: spreads visitor ids over a budget's keys evenly and cheaply (not a secret). */
export function spread(s: string, n: number): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return (h >>> 0) % n
}

// Resolved keys only: a promise made in one request and awaited in another stalls in workerd.
const keys = new Map<string, CryptoKey>()

/**
 * The key an address is limited under: HMAC-SHA256 of the address under a per-deploy secret, shortened,
 * so a limiter key cannot be turned back into an address, yet every isolate of the deploy agrees on it.
 * Null without an address (there is always one behind Cloudflare's edge; a local run without the
 * header has none, and then no per-address limit applies).
 * @example
 * await addressKey('203.0.113.9', env.ADMIN_TOKEN) // 'a1b2c3…' (24 hex digits)
 */
export async function addressKey(ip: string | null | undefined, deploySecret: string): Promise<string | null> {
  if (!ip) return null
  let key = keys.get(deploySecret)
  if (!key) {
    key = await crypto.subtle.importKey('raw', new TextEncoder().encode(`ratelimit:${deploySecret}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
    keys.set(deploySecret, key)
  }
  const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(ip.trim().toLowerCase()))
  return [...new Uint8Array(mac).slice(0, 12)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
