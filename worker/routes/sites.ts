import { createRoute, z } from '@hono/zod-openapi'
import { apiKeys, sites } from '../../schema/tables'
import { database, newId } from '../db/client'
import { AlertsSchema, alertsProblem, DomainsSchema } from '../db/sites'
import { isLocal } from '../env'
import { randomSecret, sha256Hex } from '../http/crypto'
import { api, errors, operatorAuth } from './openapi'
import { ProblemError } from '../http/problem'

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
  })
  .openapi('CreatedSite')

const createSite = createRoute({
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

sitesRoutes.openapi(createSite, async (c) => {
  const body = c.req.valid('json')
  const bad = alertsProblem(body.alerts, isLocal(c.env))
  if (bad) throw new ProblemError(400, bad, { type: 'invalid-alert-channel' })
  const now = Date.now()
  const id = newId('site')
  const siteKey = randomSecret('sk', 12)
  const apiKey = randomSecret('lb', 24)
  const webhookSecret = body.alerts?.webhookUrl ? randomSecret('whsec', 24) : undefined
  const db = database(c.env.DB)
  await db.batch([
    db.insert(sites).values({ id, siteKey, name: body.name, domains: body.domains, alerts: body.alerts ?? {}, webhookSecret, createdAt: now }),
    db.insert(apiKeys).values({ id: newId('key'), siteId: id, name: 'default', prefix: apiKey.slice(0, 10), keyHash: await sha256Hex(apiKey), createdAt: now }),
  ])
  const origin = c.env.PUBLIC_URL ?? new URL(c.req.url).origin
  return c.json({ id, siteKey, apiKey, scriptTag: scriptTag(origin, siteKey), ...(webhookSecret ? { webhookSecret } : {}) }, 201)
})

/**
 * The two lines a site pastes: the queue stub, then the deferred script.
 * @example
 * scriptTag('https://lb.example.workers.dev', 'sk_abc')
 */
export function scriptTag(origin: string, siteKey: string): string {
  return (
    '<script>window.leadbeacon=window.leadbeacon||function(){(leadbeacon.q=leadbeacon.q||[]).push(arguments)}</script>\n' +
    `<script defer src="${origin}/s.js" data-site="${siteKey}"></script>`
  )
}
