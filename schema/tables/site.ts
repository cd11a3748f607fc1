import { sql } from 'drizzle-orm'
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

// Times are integer milliseconds since the epoch: cheap to compare, index and decay against `now`.
// Times are integer milliseconds since the epoch: cheap to compare, index and decay against `now`.

/** A website that installed the tag. `site_key` is public (it is in the tag); API keys are not. */
export const sites = sqliteTable(
  'sites',
  {
    id: text('id').primaryKey(),
    siteKey: text('site_key').notNull(),
    name: text('name').notNull(),
    /** JSON string[]: origins allowed to send events (a domain also admits its subdomains) */
    domains: text('domains', { mode: 'json' }).$type<string[]>().notNull(),
    /** JSON { slackWebhookUrl?, email?, webhookUrl? } */
    alerts: text('alerts', { mode: 'json' }).$type<SiteAlerts>().notNull().default(sql`'{}'`),
    /** JSON { slack?: { broken: boolean, at, status, error } … }: a channel a 404/410 marked broken */
    channelHealth: text('channel_health', { mode: 'json' }).$type<ChannelHealth>().notNull().default(sql`'{}'`),
    webhookSecret: text('webhook_secret'),
    /** HMAC key a site's server signs emails with (`hash` of identify); null until created or rotated */
    identitySecret: text('identity_secret'),
    /** unverified claims on an existing lead stay separate visitors instead of joining it */
    requireVerifiedIdentity: integer('require_verified_identity', { mode: 'boolean' }).notNull().default(false),
    /** JSON { newVisitorsPerAddressPerMinute?, batchesPerAddressPerMinute?, batchesPerSitePerMinute? }: raised ingest limits */
    ingestLimits: text('ingest_limits', { mode: 'json' }).$type<IngestLimitSettings>().notNull().default(sql`'{}'`),
    /** events refused by the per-visitor / per-lead budgets, ever (the API's stats) */
    droppedEvents: integer('dropped_events').notNull().default(0),
    alertOnMql: integer('alert_on_mql', { mode: 'boolean' }).notNull().default(false),
    alertCooldownDays: integer('alert_cooldown_days').notNull().default(30),
    retentionDays: integer('retention_days').notNull().default(395),
    /** the scoring model in force (scoring_models.version); 0 = the built-in default */
    modelVersion: integer('model_version').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    /** hours an SQL lead may wait for sales before one reminder goes out; null = no SLA */
    salesSlaHours: integer('sales_sla_hours'),
    /** the site's Slack app signing secret: with it, SQL alerts carry handoff buttons */
    slackSigningSecret: text('slack_signing_secret'),
    /** set by the operator: ingest is refused and the site's keys answer 403 while it is */
    suspendedAt: integer('suspended_at'),
    /** set when the operator deleted the site: it is suspended, its keys revoked, and a job deletes its rows in steps */
    deletedAt: integer('deleted_at'),
    /** the alert email address its owner confirmed (a signed link); mail goes only while it equals alerts.email */
    alertEmailConfirmed: text('alert_email_confirmed'),
    /** email alerts (notices included) sent per rolling 24 h at most */
    emailDailyCap: integer('email_daily_cap').notNull().default(50),
  },
  (t) => [uniqueIndex('sites_site_key').on(t.siteKey)],
)

export type IngestLimitSettings = { newVisitorsPerAddressPerMinute?: number; batchesPerAddressPerMinute?: number; batchesPerSitePerMinute?: number }
export type SiteAlerts = { slackWebhookUrl?: string; email?: string; webhookUrl?: string }
export type ChannelName = 'slack' | 'email' | 'webhook'
export type ChannelHealth = Partial<
  Record<
    ChannelName,
    {
      broken: boolean
      at: number
      status?: number
      error?: string
      /** the last try of an alert failed; a notice went out */
      failing?: boolean
      /** email alerts not sent because the site's daily cap was reached, since the last one that went out */
      capped?: number
      cappedAt?: number
    }
  >
>

/** Marketer API keys: only a SHA-256 hash is stored; `prefix` lets a person tell keys apart. */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    /** read | write | admin (worker/http/scopes.ts); keys made before scopes existed are admin */
    scope: text('scope', { enum: ['read', 'write', 'admin'] }).notNull().default('admin'),
    createdAt: integer('created_at').notNull(),
    lastUsedAt: integer('last_used_at'),
    revokedAt: integer('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash').on(t.keyHash), index('api_keys_site').on(t.siteId)],
)

/** Versioned scoring models per site; version 0 (the default) is in code, not here. */
export const scoringModels = sqliteTable(
  'scoring_models',
  {
    siteId: text('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    model: text('model', { mode: 'json' }).$type<unknown>().notNull(),
    note: text('note'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.version] })],
)
