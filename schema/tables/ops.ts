import { sql } from 'drizzle-orm'
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { sites } from './site'
import { leads } from './lead'

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
    /** retention trims settled alerts' payloads: only those not trimmed yet, not every old alert each run */
    index('alerts_payload_kept').on(t.siteId, t.createdAt).where(sql`json_extract(payload, '$.purgedAt') is null`),
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

export const JOB_KINDS = ['rescore', 'import', 'preview', 'erase', 'calibrate', 'import-file', 'delete-site'] as const
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

/**
 * Rows a job works through, staged so each step reads a bounded page of them: a CSV import's parsed rows
 * (staged by the request that received the file), calibration's labelled samples (staged page by page).
 * Written in the same guarded batch as the job's progress, so a re-run step never stages a row twice;
 * deleted with the job's last step (or with the job).
 */
export const jobRows = sqliteTable(
  'job_rows',
  {
    jobId: text('job_id').notNull().references(() => jobs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    /** a sort key: calibration's deterministic pseudo-random order, from which a capped sample is taken */
    rank: integer('rank').notNull().default(0),
    data: text('data', { mode: 'json' }).$type<unknown>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] }), index('job_rows_rank').on(t.jobId, t.rank)],
)
