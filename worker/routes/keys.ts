import { createRoute, z } from '@hono/zod-openapi'
import { database } from '../db/client'
import { createKey, listKeys, revokeKey } from '../db/keys'
import { api, errors, keyAuth } from './openapi'
import { ProblemError } from '../http/problem'
import { SCOPES } from '../http/scopes'
import { actorOf } from './auth'

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scope: z.enum(SCOPES).openapi({ description: 'read: GET routes and CSV export (not keys, audit); write: also lead PATCH, outcomes, import; admin: everything' }),
    prefix: z.string().openapi({ description: 'the first characters of the key' }),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable().openapi({ description: 'to the minute' }),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey')

export const CreatedKeySchema = ApiKeySchema.extend({ key: z.string().openapi({ description: 'the secret: shown once, stored only as a hash' }) }).openapi('CreatedApiKey')


const list = createRoute({
  method: 'get',
  path: '/api/v1/keys',
  summary: "List the site's API keys (never their secrets)",
  ...keyAuth('keys.read'),
  responses: { 200: { description: 'keys, oldest first', content: { 'application/json': { schema: z.object({ data: z.array(ApiKeySchema) }) } } }, ...errors(401, 403, 429) },
})

const create = createRoute({
  method: 'post',
  path: '/api/v1/keys',
  summary: 'Create an API key (the secret is shown once)',
  ...keyAuth('keys.manage'),
  request: {
    body: { content: { 'application/json': { schema: z.strictObject({ name: z.string().trim().min(1).max(100), scope: z.enum(SCOPES) }).openapi('CreateApiKey') } }, required: true },
  },
  responses: { 201: { description: 'created', content: { 'application/json': { schema: CreatedKeySchema } } }, ...errors(400, 401, 403, 415, 429) },
})

const revoke = createRoute({
  method: 'delete',
  path: '/api/v1/keys/{id}',
  summary: 'Revoke an API key',
  description: 'A revoked key answers 401 from then on. The key making the request may revoke itself only while another active key remains (else 409).',
  ...keyAuth('keys.manage'),
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: { 204: { description: 'revoked (or already revoked)' }, ...errors(401, 403, 404, 409, 429) },
})

/**
 * Marketer routes over the site's API keys.
 * @example
 * app.route('/', keysRoutes)
 */
export const keysRoutes = api()

keysRoutes.openapi(list, async (c) => c.json({ data: await listKeys(database(c.env.DB), c.get('siteId')) }, 200))

keysRoutes.openapi(create, async (c) => {
  const { key, view } = await createKey(database(c.env.DB), c.get('siteId'), c.req.valid('json'), actorOf(c), Date.now())
  return c.json({ ...view, key }, 201)
})

keysRoutes.openapi(revoke, async (c) => {
  const { id } = c.req.valid('param')
  const result = await revokeKey(database(c.env.DB), c.get('siteId'), id, actorOf(c), Date.now())
  if (result === 'not-found') throw new ProblemError(404, `no API key ${id} on this site`, { type: 'not-found' })
  if (result === 'last-active-key') {
    throw new ProblemError(409, 'this is the last active key of the site and the one making this request: create another key first, then revoke this one with it', {
      type: 'last-active-key',
    })
  }
  return c.body(null, 204)
})
