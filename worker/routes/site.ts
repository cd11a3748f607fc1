import { createRoute, z } from '@hono/zod-openapi'
import { database } from '../db/client'
import type { ChannelHealth, SiteAlerts } from '../../schema/tables'
import type { SiteRow } from '../db/client'
import { emailConfirmed, needsConfirmation, sendConfirmationMail } from '../alerts'
import { confirmIfNew } from './email-confirmation'
import { ProblemError } from '../http/problem'
import { patchSite, rotateIdentitySecret, type SiteChange, siteRow } from '../db/site-settings'
import { effectiveLimits, MAX_MULTIPLE, DEFAULT_INGEST_LIMITS } from '../ingest/limits'
import { iso } from '../scoring/time'
import { DomainsSchema, mergeAlertChannels } from './site-input'
import { scriptTag } from './snippet'
import { isLocal } from '../env'
import { api, errors, keyAuth } from './openapi'
import { actorOf } from './auth'

/** The site as `GET /api/v1/site` shows it (no secrets). */
export interface SiteView {
  id: string
  name: string
  siteKey: string
  scriptTag: string
  domains: string[]
  alerts: SiteAlerts & { slackSigningSecret?: 'set' }
  alertOnMql: boolean
  alertCooldownDays: number
  retentionDays: number
  /** hours an SQL lead may wait for sales before one reminder; null = no SLA */
  salesSlaHours: number | null
  /** email alerts (failing notices included) sent per rolling 24 hours at most */
  emailDailyCap: number
  /** whether alerts.email gets mail: `pending` until its owner confirms it from the link mailed to it */
  alertEmailStatus: 'confirmed' | 'pending' | null
  /** read-only: channels a 404/410 marked broken (cleared when their address changes) */
  channelHealth: Record<string, { broken: boolean; failing?: boolean; capped?: number; cappedAt?: string | null; at: string; status?: number; error?: string }>
  /** whether webhooks are signed (the secret itself is only ever shown once) */
  webhookSecretSet: boolean
  modelVersion: number
  createdAt: string
  /** unverified claims on an existing lead stay separate visitors */
  requireVerifiedIdentity: boolean
  /** whether an identity secret exists (it is shown only at creation and rotation) */
  identitySecretSet: boolean
  /** the ingest limits in force: the site's settings over the defaults */
  ingestLimits: ReturnType<typeof effectiveLimits>
  stats: { droppedEvents: number }
}

/** A validated PATCH body (domains already normalised). */
export interface SitePatch {
  name?: string
  domains?: string[]
  alerts?: { slackWebhookUrl?: string | null; email?: string | null; webhookUrl?: string | null; slackSigningSecret?: string | null }
  alertOnMql?: boolean
  alertCooldownDays?: number
  retentionDays?: number
  salesSlaHours?: number | null
  requireVerifiedIdentity?: boolean
  ingestLimits?: Partial<ReturnType<typeof effectiveLimits>>
  emailDailyCap?: number
}

const health = (h: ChannelHealth): SiteView['channelHealth'] =>
  Object.fromEntries(Object.entries(h ?? {}).map(([ch, { cappedAt, ...v }]) => [ch, { ...v, at: iso(v.at), ...(cappedAt ? { cappedAt: iso(cappedAt) } : {}) }]))

/**
 * A site row as the API shows it.
 * @example
 * toSiteView(row, 'https://lb.example.workers.dev')
 */
export function toSiteView(row: SiteRow, origin: string): SiteView {
  return {
    id: row.id,
    name: row.name,
    siteKey: row.siteKey,
    scriptTag: scriptTag(origin, row.siteKey),
    domains: row.domains,
    // the signing secret is never shown: only whether it is set
    alerts: { ...(row.alerts ?? {}), ...(row.slackSigningSecret ? { slackSigningSecret: 'set' as const } : {}) },
    alertOnMql: row.alertOnMql,
    alertCooldownDays: row.alertCooldownDays,
    retentionDays: row.retentionDays,
    salesSlaHours: row.salesSlaHours,
    emailDailyCap: row.emailDailyCap,
    alertEmailStatus: row.alerts?.email ? (emailConfirmed(row) ? 'confirmed' : 'pending') : null,
    channelHealth: health(row.channelHealth),
    webhookSecretSet: row.webhookSecret !== null,
    modelVersion: row.modelVersion,
    createdAt: iso(row.createdAt),
    requireVerifiedIdentity: row.requireVerifiedIdentity,
    identitySecretSet: row.identitySecret !== null,
    ingestLimits: effectiveLimits(row.ingestLimits),
    stats: { droppedEvents: row.droppedEvents },
  }
}

const limit = (d: number) =>
  z
    .number()
    .int()
    .min(1)
    .max(d * MAX_MULTIPLE)
    .optional()
    .openapi({ description: `per minute; default ${d}; rounded up to a multiple of the deployed unit` })
const IngestLimits = z
  .strictObject({
    newVisitorsPerAddressPerMinute: limit(DEFAULT_INGEST_LIMITS.newVisitorsPerAddressPerMinute),
    batchesPerAddressPerMinute: limit(DEFAULT_INGEST_LIMITS.batchesPerAddressPerMinute),
    batchesPerSitePerMinute: limit(DEFAULT_INGEST_LIMITS.batchesPerSitePerMinute),
  })
  .openapi('IngestLimits')

const Health = z.object({
  broken: z.boolean(),
  failing: z.boolean().optional().openapi({ description: "an alert's last try failed; the site's other channels were told once" }),
  at: z.string(),
  status: z.number().optional(),
  error: z.string().optional(),
  capped: z.number().int().optional().openapi({ description: "email alerts not sent because the site's daily cap was reached, since the last mail that went out" }),
  cappedAt: z.string().nullable().optional(),
})

const SiteSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    siteKey: z.string(),
    scriptTag: z.string(),
    domains: z.array(z.string()),
    alerts: z.object({
      slackWebhookUrl: z.string().optional(),
      slackSigningSecret: z.literal('set').optional().openapi({ description: 'present ("set") when the Slack app signing secret is stored; the secret itself is never returned' }),
      email: z.string().optional(),
      webhookUrl: z.string().optional(),
    }),
    alertOnMql: z.boolean(),
    alertCooldownDays: z.number().int(),
    retentionDays: z.number().int(),
    salesSlaHours: z.number().int().nullable().openapi({ description: 'hours an SQL lead may wait for sales before one reminder on the alert channels; null = none' }),
    emailDailyCap: z.number().int(),
    alertEmailStatus: z.enum(['confirmed', 'pending']).nullable().openapi({ description: 'pending: alerts.email gets no alert until its owner confirms it from the link mailed to it' }),
    channelHealth: z.record(z.string(), Health).openapi({ description: 'read-only: channels a 404/410 marked broken, and channels whose alerts are failing' }),
    webhookSecretSet: z.boolean(),
    modelVersion: z.number().int(),
    createdAt: z.string(),
    requireVerifiedIdentity: z.boolean(),
    identitySecretSet: z.boolean(),
    ingestLimits: IngestLimits.required(),
    stats: z
      .object({ droppedEvents: z.number().int() })
      .openapi({ description: 'droppedEvents: events refused by the per-visitor and per-lead budgets (docs/ingest.md)' }),
  })
  .openapi('Site')

const channel = (max: number) => z.string().trim().min(1).max(max).nullable().optional()

export const SitePatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    domains: DomainsSchema.optional(),
    alerts: z
      .strictObject({
        slackWebhookUrl: channel(2048),
        slackSigningSecret: z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9]{16,128}$/, 'a Slack signing secret is 16 to 128 letters and digits (Basic Information → App Credentials)')
          .nullable()
          .optional()
          .openapi({ description: "the Slack app's signing secret: SQL alerts then carry Accept / Disqualify / Recycle buttons (see POST /slack/interactions); null removes it" }),
        email: channel(254),
        webhookUrl: channel(2048),
      })
      .optional()
      .openapi({ description: 'merged: a string sets a channel, null removes it, an absent key keeps it' }),
    alertOnMql: z.boolean().optional(),
    alertCooldownDays: z.number().int().min(0).max(365).optional(),
    retentionDays: z.number().int().min(1).max(3650).optional(),
    salesSlaHours: z.number().int().min(1).max(24 * 365).nullable().optional().openapi({ description: '≥ 1, or null to turn the SLA reminder off' }),
    requireVerifiedIdentity: z.boolean().optional().openapi({ description: 'unverified claims on an existing lead stay separate visitors' }),
    ingestLimits: IngestLimits.optional().openapi({ description: 'merged: a number sets a limit, an absent key keeps it' }),
    emailDailyCap: z.number().int().min(1).max(1000).optional().openapi({ description: 'email alerts per rolling 24 hours at most (default 50)' }),
  })
  .openapi('SitePatch')


/** What a change answers: the site, a new webhook secret (once), and whether a confirmation mail went out. */
export const SitePatchedSchema = SiteSchema.extend({
  webhookSecret: z.string().optional().openapi({ description: 'shown once' }),
  emailConfirmation: z
    .enum(['sent', 'limited', 'failed'])
    .optional()
    .openapi({ description: 'present when alerts.email is a new address: its owner was mailed a confirmation link (or could not be)' }),
})

const get = createRoute({
  method: 'get',
  path: '/api/v1/site',
  summary: "The API key's own site",
  ...keyAuth('site.read'),
  responses: { 200: { description: 'the site', content: { 'application/json': { schema: SiteSchema } } }, ...errors(401, 403, 429) },
})

const patch = createRoute({
  method: 'patch',
  path: '/api/v1/site',
  summary: "Change the site's name, domains, alert channels and settings",
  description: 'Setting alerts.webhookUrl on a site without a signing secret creates one and returns it once, as webhookSecret.',
  ...keyAuth('site.update'),
  request: { body: { content: { 'application/json': { schema: SitePatchSchema } }, required: true } },
  responses: {
    200: {
      description: 'the site after the change',
      content: { 'application/json': { schema: SitePatchedSchema } },
    },
    ...errors(400, 401, 403, 415, 429),
  },
})

/**
 * Marketer routes over the key's own site.
 * @example
 * app.route('/', siteRoutes)
 */
export const siteRoutes = api()

const originOf = (c: { env: { PUBLIC_URL?: string }; req: { url: string } }) => c.env.PUBLIC_URL ?? new URL(c.req.url).origin

siteRoutes.openapi(get, async (c) => c.json(toSiteView(await siteRow(database(c.env.DB), c.get('siteId')), originOf(c)), 200))

siteRoutes.openapi(patch, async (c) => {
  const db = database(c.env.DB)
  const before = await siteRow(db, c.get('siteId'))
  const { alerts, ingestLimits, ...rest } = c.req.valid('json')
  // the signing secret is a column of its own (never echoed), the channels are merged JSON
  const { slackSigningSecret, ...channels } = alerts ?? {}
  const change: SiteChange = {
    ...rest,
    ...(alerts !== undefined ? mergeAlertChannels(before, channels, isLocal(c.env)) : {}),
    ...(slackSigningSecret !== undefined ? { slackSigningSecret } : {}),
    ...(ingestLimits !== undefined ? { ingestLimits: { ...(before.ingestLimits ?? {}), ...ingestLimits } } : {}),
  }
  const now = Date.now()
  const { row, webhookSecret } = await patchSite(db, before, change, actorOf(c), now)
  const mail = await confirmIfNew(c.env, db, before, row, originOf(c), actorOf(c), now)
  return c.json({ ...toSiteView(row, originOf(c)), ...(webhookSecret ? { webhookSecret } : {}), ...mail }, 200)
})

const resend = createRoute({
  method: 'post',
  path: '/api/v1/site/email-confirmation',
  summary: 'Mail the confirmation link to the pending alerts.email again',
  description: 'At most five confirmation mails per site a day (429 beyond). 409 when no address is pending.',
  ...keyAuth('site.update'),
  responses: {
    202: { description: 'mailed', content: { 'application/json': { schema: z.object({ emailConfirmation: z.literal('sent') }) } } },
    ...errors(401, 403, 409, 429, 502),
  },
})

siteRoutes.openapi(resend, async (c) => {
  const db = database(c.env.DB)
  const row = await siteRow(db, c.get('siteId'))
  if (!needsConfirmation(row)) throw new ProblemError(409, 'alerts.email is not pending confirmation (none set, or already confirmed)', { type: 'conflict' })
  const r = await sendConfirmationMail(c.env, db, row, originOf(c), actorOf(c), Date.now())
  if (r.status === 'limited') throw new ProblemError(429, `${r.error}; try again tomorrow`, { type: 'rate-limited' })
  if (r.status !== 'sent') throw new ProblemError(502, `the confirmation mail could not be sent: ${r.error ?? 'unknown error'}`, { type: 'email-not-sent' })
  return c.json({ emailConfirmation: 'sent' as const }, 202)
})

const rotate = createRoute({
  method: 'post',
  path: '/api/v1/site/identity-secret/rotate',
  summary: "Replace the site's identity secret",
  description: 'Hashes made with the old secret stop verifying at once: deploy the new one to your server right after.',
  ...keyAuth('site.update'),
  responses: {
    200: {
      description: 'the new secret, shown once',
      content: { 'application/json': { schema: z.object({ identitySecret: z.string() }).openapi('RotatedIdentitySecret') } },
    },
    ...errors(401, 429),
  },
})

siteRoutes.openapi(rotate, async (c) => c.json({ identitySecret: await rotateIdentitySecret(database(c.env.DB), c.get('siteId'), actorOf(c), Date.now()) }, 200))
