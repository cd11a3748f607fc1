import { createRoute, z } from '@hono/zod-openapi'
import { listAudit } from '../db/audit'
import { database } from '../db/client'
import { api, errors, keyAuth } from './openapi'

const Entry = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string().openapi({ description: '"key:<key name>", "operator" or "slack:<user id> <user name>"' }),
    actorKeyId: z.string().nullable(),
    action: z.string().openapi({ example: 'key.create' }),
    target: z.string().nullable(),
    summary: z.record(z.string(), z.unknown()).openapi({ description: 'before/after of what changed; never a secret' }),
  })
  .openapi('AuditEntry')

const list = createRoute({
  method: 'get',
  path: '/api/v1/audit',
  summary: "The site's audit log, newest first",
  ...keyAuth('audit.read'),
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(500).optional().openapi({ description: 'nextCursor of the previous page' }),
    }),
  },
  responses: {
    200: { description: 'a page', content: { 'application/json': { schema: z.object({ data: z.array(Entry), nextCursor: z.string().nullable() }) } } },
    ...errors(400, 401, 403, 429),
  },
})

/**
 * `GET /api/v1/audit` (admin keys).
 * @example
 * app.route('/', auditRoutes)
 */
export const auditRoutes = api()

auditRoutes.openapi(list, async (c) => c.json(await listAudit(database(c.env.DB), c.get('siteId'), c.req.valid('query')), 200))
