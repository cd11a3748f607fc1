import { createRoute, z } from '@hono/zod-openapi'
import { database } from '../db/client'
import { siteRow } from '../db/site-settings'
import { createSite } from '../db/sites'
import { confirmIfNew } from './email-confirmation'
import { isLocal } from '../env'
import { api, errors, operatorAuth } from './openapi'
import { ProblemError } from '../http/problem'
import { AlertsSchema, alertsProblem, DomainsSchema } from './site-input'
import { scriptTag } from './snippet'

const CreateSite = z
  .strictObject({ name: z.string().trim().min(1).max(100), domains: DomainsSchema, alerts: AlertsSchema.optional() })
  .openapi('CreateSite')

const CreatedSite = z
  .object({
    id: z.string(),
    siteKey: z.string(),
    apiKey: z.string().openapi({ description: 'shown once; stored only as a hash' }),
    scriptTag: z.string(),
    webhookSecret: z.string().optional().openapi({ description: 'present when alerts.webhookUrl is set; shown once' }),
    identitySecret: z.string().openapi({
      description: "HMAC-SHA256 key for identify's `hash` (docs/snippet.md); keep it on the site's server; rotatable",
    }),
    emailConfirmation: z.enum(['sent', 'limited', 'failed']).optional().openapi({ description: 'present when alerts.email is set: its owner was mailed a confirmation link' }),
  })
  .openapi('CreatedSite')

const createSiteRoute = createRoute({
  method: 'post',
  path: '/api/v1/sites',
  summary: 'Create a site (operator)',
  ...operatorAuth,
  request: { body: { content: { 'application/json': { schema: CreateSite } }, required: true } },
  responses: { 201: { description: 'created', content: { 'application/json': { schema: CreatedSite } } }, ...errors(400, 401) },
})

/**
 * Operator routes: create a site with its first API key.
 * @example
 * app.route('/', sitesRoutes)
 */
export const sitesRoutes = api()

sitesRoutes.openapi(createSiteRoute, async (c) => {
  const body = c.req.valid('json')
  const bad = alertsProblem(body.alerts, isLocal(c.env))
  if (bad) throw new ProblemError(400, bad, { type: 'invalid-alert-channel' })
  const db = database(c.env.DB)
  const now = Date.now()
  const { id, siteKey, apiKey, webhookSecret, identitySecret } = await createSite(db, body, now)
  const origin = c.env.PUBLIC_URL ?? new URL(c.req.url).origin
  const mail = body.alerts?.email ? await confirmIfNew(c.env, db, null, await siteRow(db, id), origin, { actor: 'operator' }, now) : {}
  return c.json({ id, siteKey, apiKey, scriptTag: scriptTag(origin, siteKey), identitySecret, ...(webhookSecret ? { webhookSecret } : {}), ...mail }, 201)
})
