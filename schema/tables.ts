import { sql } from 'drizzle-orm'
import { type DecayState, LEAD_STAGES, type LeadStage, OUTCOME_SOURCES } from './lead-values'
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

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

/**
 * A new lead's columns before anything is known about it: the defaults the DDL below declares, and null
 * for the nullable columns. Code that builds a lead row in memory spreads this instead of restating it.
 */
export const NEW_LEAD = {
  accountDomain: null,
  name: null,
  company: null,
  title: null,
  profile: {} as Record<string, string>,
  stage: 'known' as LeadStage,
  outcome: null,
  outcomeAt: null,
  outcomeSource: null,
  score: 0,
  engagementScore: 0,
  fitScore: 0,
  grade: 'D4',
  scoreState: null,
  breakdown: [] as unknown[],
  modelVersion: 0,
  mqlAt: null,
  sqlAt: null,
  source: null,
  medium: null,
  campaign: null,
  referrer: null,
  touchAt: null,
  recycledAt: null,
  identityVerified: false,
  version: 0,
}

const jsonDefault = (v: unknown) => sql.raw(`'${JSON.stringify(v)}'`)

/** A person: unique per site and normalised email. Scores are as of `scored_at`; reads decay them exactly. */
export const leads = sqliteTable(
  'leads',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    /** lower-case company domain of a non-free email: the account this lead rolls up into */
    accountDomain: text('account_domain'),
    name: text('name'),
    company: text('company'),
    title: text('title'),
    /** JSON of every allow-listed profile field the lead gave (and imported ones) */
    profile: text('profile', { mode: 'json' }).$type<Record<string, string>>().notNull().default(jsonDefault(NEW_LEAD.profile)),
    stage: text('stage', { enum: LEAD_STAGES }).notNull().default(NEW_LEAD.stage),
    outcome: text('outcome', { enum: ['won', 'lost'] }),
    outcomeAt: integer('outcome_at'),
    /** who recorded the outcome: an import (outcomes API, lead file) or sales (PATCH, the app); calibration counts each */
    outcomeSource: text('outcome_source', { enum: OUTCOME_SOURCES }),
    score: real('score').notNull().default(NEW_LEAD.score),
    engagementScore: real('engagement_score').notNull().default(NEW_LEAD.engagementScore),
    fitScore: real('fit_score').notNull().default(NEW_LEAD.fitScore),
    grade: text('grade').notNull().default(NEW_LEAD.grade),
    /** the engine's DecayState at `scored_at`, so a read can decay the score exactly to `now` */
    scoreState: text('score_state', { mode: 'json' }).$type<DecayState>(),
    /** incremental scoring's state at `scored_at` (JSON text, read by ingest only; null: score from scratch) */
    scoringState: text('scoring_state'),
    /** every point's reason at `scored_at` */
    breakdown: text('breakdown', { mode: 'json' }).$type<unknown[]>().notNull().default(jsonDefault(NEW_LEAD.breakdown)),
    scoredAt: integer('scored_at').notNull(),
    modelVersion: integer('model_version').notNull().default(NEW_LEAD.modelVersion),
    firstSeenAt: integer('first_seen_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    mqlAt: integer('mql_at'),
    sqlAt: integer('sql_at'),
    /** first touch (earliest of its visitors'): normalised utm_source or referrer host; "direct" when none */
    source: text('source'),
    /** first touch channel: paid, email, organic, referral, social, … ("none" for direct) */
    medium: text('medium'),
    campaign: text('campaign'),
    /** the first touch's referrer (origin + path), when it had one */
    referrer: text('referrer'),
    /** when the first touch happened; null while the lead has none (direct, or imported) */
    touchAt: integer('touch_at'),
    /** when sales last sent it back to nurture: only a hand-raise after this makes it SQL again */
    recycledAt: integer('recycled_at'),
    /** true once any identify for this lead carried a valid hash */
    identityVerified: integer('identity_verified', { mode: 'boolean' }).notNull().default(NEW_LEAD.identityVerified),
    /** optimistic concurrency: every write checks the version it read and bumps it */
    version: integer('version').notNull().default(NEW_LEAD.version),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('leads_site_email').on(t.siteId, t.email),
    index('leads_site_score').on(t.siteId, t.score, t.id),
    index('leads_site_last_seen').on(t.siteId, t.lastSeenAt, t.id),
    index('leads_site_account').on(t.siteId, t.accountDomain),
    // rescoring after a model change walks the leads still on an older version
    index('leads_site_model').on(t.siteId, t.modelVersion),
    // the SLA check walks a site's SQL leads by the time they qualified
    index('leads_site_stage_sql').on(t.siteId, t.stage, t.sqlAt),
  ],
)

/** An anonymous browser (random first-party id). Linked to a lead once it identifies. */
export const visitors = sqliteTable(
  'visitors',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    /** the snippet's random id */
    vid: text('vid').notNull(),
    leadId: text('lead_id').references(() => leads.id, { onDelete: 'set null' }),
    /** country from request.cf; never the IP address */
    country: text('country'),
    /** first touch of this browser (see leads.source); null until a page view carries UTM or a referrer */
    source: text('source'),
    medium: text('medium'),
    campaign: text('campaign'),
    referrer: text('referrer'),
    touchAt: integer('touch_at'),
    /** whether the claim that linked this visitor to its lead carried a valid hash */
    identityVerified: integer('identity_verified', { mode: 'boolean' }).notNull().default(false),
    score: real('score').notNull().default(0),
    scoreState: text('score_state', { mode: 'json' }).$type<DecayState>(),
    /** incremental scoring's state of the anonymous visitor (JSON text, read by ingest only) */
    scoringState: text('scoring_state'),
    scoredAt: integer('scored_at').notNull(),
    firstSeenAt: integer('first_seen_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    version: integer('version').notNull().default(0),
  },
  (t) => [uniqueIndex('visitors_site_vid').on(t.siteId, t.vid), index('visitors_lead').on(t.leadId)],
)

/** Raw behaviour. `(visitor_id, eid)` is unique: a re-sent batch never counts twice. */
export const events = sqliteTable(
  'events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    siteId: text('site_id').notNull(),
    visitorId: text('visitor_id').notNull(),
    /** copied from the visitor when it identifies, so a lead's history is one indexed read */
    leadId: text('lead_id'),
    /** the client-made event id */
    eid: text('eid').notNull(),
    type: text('type').notNull(),
    path: text('path'),
    name: text('name'),
    seconds: integer('seconds'),
    props: text('props', { mode: 'json' }).$type<Record<string, string | number | boolean>>(),
    at: integer('at').notNull(),
    receivedAt: integer('received_at').notNull(),
    imported: integer('imported', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('events_visitor_eid').on(t.visitorId, t.eid),
    index('events_lead_at').on(t.leadId, t.at),
    index('events_site_at').on(t.siteId, t.at),
  ],
)

/**
 * One row per stage change. `(lead_id, to_stage, epoch)` is unique: the same transition can never be
 * recorded (or alerted) twice, whatever races in. `epoch` is 0 for a lead's first pass through a stage;
 * a re-engagement after the cool-down, any change by sales, and every transition after a recycle take
 * the lead's new version (unique per write), so each of those is a fresh slot.
 */
export const stageTransitions = sqliteTable(
  'stage_transitions',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    leadId: text('lead_id').notNull().references(() => leads.id, { onDelete: 'cascade' }),
    fromStage: text('from_stage').notNull(),
    toStage: text('to_stage').notNull(),
    epoch: integer('epoch').notNull().default(0),
    /** ingest | rescore | import | sales */
    source: text('source').notNull(),
    reason: text('reason'),
    score: real('score'),
    at: integer('at').notNull(),
    /** who changed the stage by hand: "key:<name>", "slack:<user id> <user name>", "email:<address>"; null for scoring */
    actor: text('actor'),
  },
  (t) => [uniqueIndex('stage_transitions_once').on(t.leadId, t.toStage, t.epoch), index('stage_transitions_site').on(t.siteId, t.at)],
)

/**
 * The alert outbox: written in the same D1 batch as the transition that caused it, so nothing is lost
 * if the Worker dies; `(transition_id, channel)` is unique, so an alert is queued once per channel.
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull(),
    leadId: text('lead_id').notNull().references(() => leads.id, { onDelete: 'cascade' }),
    transitionId: text('transition_id').notNull(),
    /** slack | email | webhook | log */
    channel: text('channel').notNull(),
    /** pending | sending | sent | failed | broken | refused | capped (over the site's daily email cap) */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    /** a sender holds the row until then; another may take it over only after it lapses */
    leaseUntil: integer('lease_until'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    /** the lead as it was at the transition (the AlertContext): what the message says */
    payload: text('payload', { mode: 'json' }).$type<unknown>().notNull(),
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
  },
  (t) => [
    uniqueIndex('alerts_once').on(t.transitionId, t.channel),
    index('alerts_due').on(t.status, t.nextAttemptAt),
    index('alerts_lead').on(t.leadId),
    /** the daily email cap counts a site's sent mail of the last 24 h */
    index('alerts_site_sent').on(t.siteId, t.channel, t.sentAt),
  ],
)

/**
 * Who changed what on a site, newest first by `(at, id)`. `summary` is a before/after digest of the
 * change with secrets left out (never a webhook or identity secret, never a key hash).
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    /** "key:<key name>", "operator" or "slack:<user id> <user name>" */
    actor: text('actor').notNull(),
    /** the API key's id when a key acted */
    actorKeyId: text('actor_key_id'),
    /** e.g. site.update, key.create, key.revoke, model.save, calibration.adopt, lead.erase, import */
    action: text('action').notNull(),
    /** what it was done to: a key id, a lead id, a model version… */
    target: text('target'),
    summary: text('summary', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('audit_log_site_at').on(t.siteId, t.at, t.id)],
)

/** Guards a write batch: its CHECK fails (and so rolls back the whole batch) when a read went stale. */
export const writeGuards = sqliteTable(
  'write_guards',
  {
    id: integer('id').primaryKey(),
    ok: integer('ok').notNull(),
  },
  (t) => [check('write_guards_ok', sql`${t.ok} = 1`)],
)

export const JOB_KINDS = ['rescore', 'import', 'preview', 'erase'] as const
export type JobKind = (typeof JOB_KINDS)[number]
export const JOB_STATUSES = ['queued', 'running', 'done', 'failed'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

/**
 * Background work that grows with a site (rescoring after a model change or an import, dry runs past
 * one step, deleting an erased person's events), done in bounded steps by whoever holds the lease: the request that made it (after its
 * answer), then every cron run. A step's writes and the job's progress (`done`, `state`) commit in one
 * batch guarded by `version`, so a runner that died mid-step leaves nothing half-counted and a runner
 * whose lease lapsed cannot commit over the one that took over.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: text('id').primaryKey(),
    siteId: text('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: JOB_KINDS }).notNull(),
    status: text('status', { enum: JOB_STATUSES }).notNull().default('queued'),
    done: integer('done').notNull().default(0),
    total: integer('total').notNull().default(0),
    /** JSON: the kind's cursor and inputs (e.g. the model version a rescore moves leads to) */
    state: text('state', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    /** JSON: what a finished job found (a dry run's stage changes) */
    result: text('result', { mode: 'json' }).$type<Record<string, unknown>>(),
    error: text('error'),
    /** a runner holds the job until then; another may take it over only after it lapses */
    leaseUntil: integer('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    /** the newer job (a newer model change) that made this one moot */
    supersededBy: text('superseded_by'),
    /** bumped by every claim and every step: a step's batch commits only on the version it claimed */
    version: integer('version').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('jobs_runnable').on(t.status, t.leaseUntil), index('jobs_site').on(t.siteId, t.kind, t.status)],
)
