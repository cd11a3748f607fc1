/**
 * Operator routes over every site (`Authorization: Bearer $ADMIN_TOKEN`): list, change, suspend and
 * resume, delete, and issue a new admin key for a site whose keys were lost. Each change is in the
 * site's audit log as "operator" (a deletion, which takes the log with it, is logged instead).
 */
import { createRoute, z } from '@hono/zod-openapi'
import { database } from '../db/client'
import { createKey } from '../db/keys'
import { patchSite, type SiteChange, siteRow } from '../db/site-settings'
import { liveSite, listSites, type SiteKey, setSuspended } from '../db/sites'
import { markSiteDeleted, siteRowCount } from '../db/site-delete'
import { startJob } from '../jobs/runner'
import { isLocal } from '../env'
import { decodeCursor, encodeCursor } from '../http/cursor'
import { ProblemError } from '../http/problem'
import { CreatedKeySchema } from './keys'
import { api, errors, operatorAuth } from './openapi'
import { confirmIfNew } from './email-confirmation'
import { SitePatchedSchema, SitePatchSchema, toSiteView } from './site'
import { mergeAlertChannels } from './site-input'

const OPERATOR = { actor: 'operator' }
const Id = z.object({ id: z.string().max(64) })
const notFound = (id: string) => new ProblemError(404, `no site ${id}`, { type: 'not-found' })
const originOf = (c: { env: { PUBLIC_URL?: string }; req: { url: string } }) => c.env.PUBLIC_URL ?? new URL(c.req.url).origin

const SiteSummary = z
  .object({ id: z.string(), name: z.string(), domains: z.array(z.string()), siteKey: z.string(), suspendedAt: z.string().nullable(), createdAt: z.string() })
  .openapi('SiteSummary')

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional().openapi({ description: 'nextCursor of the previous page' }),
})

const list = createRoute({
  method: 'get',
  path: '/api/v1/sites',
  summary: 'Every site (operator), a page at a time',
  ...operatorAuth,
  request: { query: ListQuery },
  responses: {
    200: {
      description: 'sites, oldest first; nextCursor is null on the last page',
      content: { 'application/json': { schema: z.object({ data: z.array(SiteSummary), nextCursor: z.string().nullable() }).openapi('SitePage') } },
    },
    ...errors(400, 401),
  },
})

const isSiteKey = (v: unknown): v is SiteKey => Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && typeof v[1] === 'string'

const update = createRoute({
  method: 'patch',
  path: '/api/v1/sites/{id}',
  summary: "Change a site's settings (operator); the same body as PATCH /api/v1/site",
  ...operatorAuth,
  request: { params: Id, body: { content: { 'application/json': { schema: SitePatchSchema } }, required: true } },
  responses: { 200: { description: 'the site after the change', content: { 'application/json': { schema: SitePatchedSchema } } }, ...errors(400, 401, 404, 415) },
})

const suspension = (action: 'suspend' | 'resume') =>
  createRoute({
    method: 'post',
    path: `/api/v1/sites/{id}/${action}`,
    summary:
      action === 'suspend'
        ? 'Suspend a site (operator): its ingest answers 403, its keys and app sessions stop working'
        : 'Resume a suspended site (operator)',
    ...operatorAuth,
    request: { params: Id },
    responses: {
      200: { description: 'done', content: { 'application/json': { schema: z.object({ id: z.string(), suspended: z.boolean() }) } } },
      ...errors(401, 404),
    },
  })

const remove = createRoute({
  method: 'delete',
  path: '/api/v1/sites/{id}',
  summary: 'Delete a site and every row about it (operator)',
  description:
    'At once: suspended, unlisted, keys revoked; its rows then go in bounded steps (a `delete-site` job).',
  ...operatorAuth,
  request: { params: Id },
  responses: { 204: { description: 'deleted' }, ...errors(401, 404) },
})

const recoveryKey = createRoute({
  method: 'post',
  path: '/api/v1/sites/{id}/keys',
  summary: 'Issue a new admin key for a site (operator): the way back in when its keys were lost',
  ...operatorAuth,
  request: {
    params: Id,
    body: { content: { 'application/json': { schema: z.strictObject({ name: z.string().trim().min(1).max(100).optional() }) } }, required: false },
  },
  responses: { 201: { description: 'created; the secret is shown once', content: { 'application/json': { schema: CreatedKeySchema } } }, ...errors(400, 401, 404) },
})

/**
 * The operator's routes over existing sites (creating one is in sites.ts).
 * @example
 * app.route('/', operatorRoutes)
 */
export const operatorRoutes = api()

operatorRoutes.openapi(list, async (c) => {
  const q = c.req.valid('query')
  const { data, next } = await listSites(database(c.env.DB), q.limit, q.cursor ? decodeCursor(q.cursor, isSiteKey) : null)
  return c.json({ data, nextCursor: next ? encodeCursor(next) : null }, 200)
})

operatorRoutes.openapi(update, async (c) => {
  const db = database(c.env.DB)
  const id = c.req.valid('param').id
  const before = await siteRow(db, id).catch(() => null)
  if (!before) throw notFound(id)
  const { alerts, ...rest } = c.req.valid('json')
  const change: SiteChange = { ...rest, ...(alerts !== undefined ? mergeAlertChannels(before, alerts, isLocal(c.env)) : {}) }
  const now = Date.now()
  const { row, webhookSecret } = await patchSite(db, before, change, OPERATOR, now)
  const mail = await confirmIfNew(c.env, db, before, row, originOf(c), OPERATOR, now)
  return c.json({ ...toSiteView(row, originOf(c)), ...(webhookSecret ? { webhookSecret } : {}), ...mail }, 200)
})

for (const action of ['suspend', 'resume'] as const) {
  operatorRoutes.openapi(suspension(action), async (c) => {
    const id = c.req.valid('param').id
    if (!(await setSuspended(database(c.env.DB), id, action === 'suspend', Date.now()))) throw notFound(id)
    return c.json({ id, suspended: action === 'suspend' }, 200)
  })
}

operatorRoutes.openapi(remove, async (c) => {
  const id = c.req.valid('param').id
  const site = await liveSite(database(c.env.DB), id)
  if (!site) throw notFound(id)
  // unreadable at once; its rows go in bounded steps (a small site's in this request's first one)
  const now = Date.now()
  const total = await siteRowCount(c.env.DB, id)
  await startJob(c.env, c.executionCtx, { siteId: id, kind: 'delete-site', total, state: { table: 0 } }, () => markSiteDeleted(c.env.DB, id, now), {
    // a step walking every table is ~20 queries: two fit the invocation's budget
    more: 1,
  })
  console.log(`[leadbeacon] audit: operator deleted site ${id} ("${site.name}") and all its data`)
  return c.body(null, 204)
})

operatorRoutes.openapi(recoveryKey, async (c) => {
  const db = database(c.env.DB)
  const id = c.req.valid('param').id
  if (!(await siteRow(db, id).catch(() => null))) throw notFound(id)
  const body = c.req.header('content-length') === '0' || !c.req.header('content-type') ? {} : c.req.valid('json')
  const { key, view } = await createKey(db, id, { name: body.name ?? 'recovery', scope: 'admin' }, OPERATOR, Date.now())
  return c.json({ ...view, key }, 201)
})
