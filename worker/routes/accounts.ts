import { createRoute, z } from '@hono/zod-openapi'
import { getAccount, listAccounts } from '../db/accounts'
import { database } from '../db/client'
import { LeadSchema } from '../db/lead-view'
import { siteModelFor } from '../db/site-model'
import { decodeCursor, encodeCursor } from '../http/cursor'
import { api, errors, keyAuth } from './openapi'
import { ProblemError } from '../http/problem'

const AccountSchema = z
  .object({
    domain: z.string(),
    score: z.number().openapi({ description: 'sum of the 3 best lead scores (negative count as 0; disqualified leads excluded)' }),
    engagedPeople: z.number().int().openapi({ description: 'leads with engagement > 0 seen within 30 days' }),
    people: z.number().int(),
    lastSeenAt: z.string(),
    topPeople: z.array(z.object({ id: z.string(), email: z.string(), name: z.string().nullable(), title: z.string().nullable(), score: z.number(), stage: z.string() })),
  })
  .openapi('Account')


const list = createRoute({
  method: 'get',
  path: '/api/v1/accounts',
  summary: 'Companies: leads grouped by business email domain, with a roll-up score',
  ...keyAuth('leads.read'),
  request: {
    query: z.object({
      minScore: z.coerce.number().min(-10_000).max(10_000).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(600).optional(),
    }),
  },
  responses: {
    200: { description: 'accounts, highest score first', content: { 'application/json': { schema: z.object({ data: z.array(AccountSchema), nextCursor: z.string().nullable() }) } } },
    ...errors(400, 401, 403, 429),
  },
})

const one = createRoute({
  method: 'get',
  path: '/api/v1/accounts/{domain}',
  summary: 'One company and all its people',
  ...keyAuth('leads.read'),
  request: { params: z.object({ domain: z.string().min(1).max(253).openapi({ param: { name: 'domain', in: 'path' }, example: 'acme.com' }) }) },
  responses: {
    200: { description: 'the account', content: { 'application/json': { schema: AccountSchema.extend({ leads: z.array(LeadSchema) }).openapi('AccountDetail') } } },
    ...errors(401, 403, 404, 429),
  },
})

type AccountCursor = [number, number, string]
const isAccountCursor = (v: unknown): v is AccountCursor =>
  Array.isArray(v) && v.length === 3 && Number.isSafeInteger(v[0]) && Number.isFinite(v[1]) && typeof v[2] === 'string'

/**
 * Marketer routes over accounts (companies).
 * @example
 * app.route('/', accountsRoutes)
 */
export const accountsRoutes = api()

accountsRoutes.openapi(list, async (c) => {
  const q = c.req.valid('query')
  const db = database(c.env.DB)
  const siteId = c.get('siteId')
  const after = q.cursor ? decodeCursor(q.cursor, isAccountCursor) : null
  // the cursor pins `now`: the order is the same on every page although scores keep decaying
  const now = after?.[0] ?? Date.now()
  let all = await listAccounts(db, siteId, await siteModelFor(db, siteId), now)
  if (q.minScore !== undefined) all = all.filter((a) => a.score >= q.minScore!)
  if (after) all = all.filter((a) => a.score < after[1] || (a.score === after[1] && a.domain > after[2]))
  const page = all.slice(0, q.limit)
  const last = page.at(-1)
  return c.json({ data: page, nextCursor: all.length > q.limit && last ? encodeCursor([now, last.score, last.domain] satisfies AccountCursor) : null }, 200)
})

accountsRoutes.openapi(one, async (c) => {
  const domain = c.req.valid('param').domain.trim().toLowerCase()
  const db = database(c.env.DB)
  const siteId = c.get('siteId')
  const found = await getAccount(db, siteId, domain, await siteModelFor(db, siteId), Date.now())
  if (!found) throw new ProblemError(404, `no leads with the domain ${domain} on this site`, { type: 'not-found' })
  return c.json(found, 200)
})
