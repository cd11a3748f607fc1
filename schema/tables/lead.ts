import { sql } from 'drizzle-orm'
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { type DecayState, LEAD_STAGES, type LeadStage, OUTCOME_SOURCES } from '../lead-values'
import { sites } from './site'

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
  budgetDayFrom: null,
  budgetDayEvents: 0,
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
    /** start of the lead's current 24-hour event budget window (null: none open); see docs/ingest.md */
    budgetDayFrom: integer('budget_day_from'),
    /** events added to the lead (from all its devices) since `budget_day_from` */
    budgetDayEvents: integer('budget_day_events').notNull().default(NEW_LEAD.budgetDayEvents),
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
    /** start of the visitor id's current 24-hour event budget window (null: none open) */
    budgetDayFrom: integer('budget_day_from'),
    /** events this visitor id added since `budget_day_from` */
    budgetDayEvents: integer('budget_day_events').notNull().default(0),
    version: integer('version').notNull().default(0),
  },
  (t) => [
    uniqueIndex('visitors_site_vid').on(t.siteId, t.vid),
    index('visitors_lead').on(t.leadId),
    // retention's anonymous visitors past their site's cut-off: a range read, not a scan of the site's rows
    index('visitors_anon_seen').on(t.siteId, t.lastSeenAt).where(sql`lead_id is null`),
  ],
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
  (t) => [
    uniqueIndex('stage_transitions_once').on(t.leadId, t.toStage, t.epoch),
    index('stage_transitions_site').on(t.siteId, t.at),
    // retention clears old reasons: only the rows still holding one, not every old transition each run
    index('stage_transitions_reason_kept').on(t.siteId, t.at).where(sql`reason is not null`),
  ],
)
