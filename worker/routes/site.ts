import { createRoute, z } from '@hono/zod-openapi'
import { database } from '../db/client'
import { patchSite, siteRow, toSiteView } from '../db/site-settings'
import { DomainsSchema } from '../db/sites'
import { isLocal } from '../env'
import { api, errors, marketerAuth } from './openapi'

const Health = z.object({ broken: z.boolean(), at: z.string(), status: z.number().optional(), error: z.string().optional() })

const SiteSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    siteKey: z.string(),
    scriptTag: z.string(),
    domains: z.array(z.string()),
    alerts: z.object({ slackWebhookUrl: z.string().optional(), email: z.string().optional(), webhookUrl: z.string().optional() }),
    alertOnMql: z.boolean(),
    alertCooldownDays: z.number().int(),
    retentionDays: z.number().int(),
    channelHealth: z.record(z.string(), Health).openapi({ description: 'read-only: channels a 404/410 marked broken' }),
    webhookSecretSet: z.boolean(),
    modelVersion: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('Site')

const channel = (max: number) => z.string().trim().min(1).max(max).nullable().optional()

const SitePatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    domains: DomainsSchema.optional(),
    alerts: z
      .strictObject({ slackWebhookUrl: channel(2048), email: channel(254), webhookUrl: channel(2048) })
      .optional()
      .openapi({ description: 'merged: a string sets a channel, null removes it, an absent key keeps it' }),
    alertOnMql: z.boolean().optional(),
    alertCooldownDays: z.number().int().min(0).max(365).optional(),
    retentionDays: z.number().int().min(1).max(3650).optional(),
  })
  .openapi('SitePatch')


const get = createRoute({
  method: 'get',
  path: '/api/v1/site',
  summary: "The API key's own site",
  ...marketerAuth,
  responses: { 200: { description: 'the site', content: { 'application/json': { schema: SiteSchema } } }, ...errors(401, 429) },
})

const patch = createRoute({
  method: 'patch',
  path: '/api/v1/site',
  summary: "Change the site's name, domains, alert channels and settings",
  description: 'Setting alerts.webhookUrl on a site without a signing secret creates one and returns it once, as webhookSecret.',
  ...marketerAuth,
  request: { body: { content: { 'application/json': { schema: SitePatchSchema } }, required: true } },
  responses: {
    200: {
      description: 'the site after the change',
      content: { 'application/json': { schema: SiteSchema.extend({ webhookSecret: z.string().optional().openapi({ description: 'shown once' }) }) } },
    },
    ...errors(400, 401, 415, 429),
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
  const { row, webhookSecret } = await patchSite(database(c.env.DB), c.get('siteId'), c.req.valid('json'), isLocal(c.env))
  return c.json({ ...toSiteView(row, originOf(c)), ...(webhookSecret ? { webhookSecret } : {}) }, 200)
})
