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
  /** "local" admits http:// and loopback alert URLs and serves /demo; anything else is production */
  ENVIRONMENT: string
  /** public origin of this Worker, for links in alerts and the script tag (defaults to the request's origin) */
  PUBLIC_URL?: string
  /** optional Cloudflare Email Service binding (paid plans) */
  EMAIL?: SendEmail
  EMAIL_FROM?: string
  /** optional Workers Rate Limiting bindings */
  RL_INGEST?: RateLimit
  RL_API?: RateLimit
}

/** Variables set by middleware on the Hono context. */
export interface Vars {
  /** the site an API key belongs to (marketer routes) */
  siteId: string
  apiKeyId: string
}

export type AppEnv = { Bindings: Env; Variables: Vars }

/** True when the Worker runs locally (wrangler dev, tests). */
export const isLocal = (env: Pick<Env, 'ENVIRONMENT'>): boolean => env.ENVIRONMENT === 'local'
