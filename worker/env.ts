/**
 * The Worker's bindings, typed once. Names match wrangler.toml.
 * @example
 * import { Hono } from 'hono'
 * import type { AppEnv } from './env'
 * const app = new Hono<AppEnv>()
 */
export interface Env {
  DB: D1Database
  /** operator token for POST /api/v1/sites (a secret: `wrangler secret put ADMIN_TOKEN`) */
  ADMIN_TOKEN: string
  /**
   * The mode: exactly "local" (set by .dev.vars and the tests) admits http:// and loopback alert URLs,
   * serves /demo and retries failed alerts fast; anything else, or nothing at all, is production.
   */
  ENVIRONMENT?: string
  /** optional secret for signed handoff links in alert emails (defaults to ADMIN_TOKEN) */
  LINK_SECRET?: string
  /** public origin of this Worker, for links in alerts and the script tag (defaults to the request's origin) */
  PUBLIC_URL?: string
  /** optional Cloudflare Email Service binding (paid plans) */
  EMAIL?: SendEmail
  EMAIL_FROM?: string
  /** optional Workers Rate Limiting bindings (units in worker/ingest/limits.ts) */
  RL_INGEST?: RateLimit
  RL_ADDRESS?: RateLimit
  RL_NEW_VISITORS?: RateLimit
  RL_SITE?: RateLimit
  RL_API?: RateLimit
  /** the static files in public/ (wrangler.toml [assets]); optional so a bare Worker still types */
  ASSETS?: Fetcher
}

/** Variables set by middleware on the Hono context. */
export interface Vars {
  /** the site an API key belongs to (marketer routes) */
  siteId: string
  apiKeyId: string
  /** the key's name, for actors ("key:<name>") */
  apiKeyName: string
  /** read | write | admin (http/scopes.ts) */
  apiKeyScope: string
}

export type AppEnv = { Bindings: Env; Variables: Vars }

/**
 * True only when the Worker was told it runs locally (`ENVIRONMENT=local`: wrangler dev, tests). A
 * deployed Worker without the variable, or with any other value, is in production.
 * @example
 * isLocal({}) // → false
 */
export const isLocal = (env: Pick<Env, 'ENVIRONMENT'>): boolean => env.ENVIRONMENT === 'local'
