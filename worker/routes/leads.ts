import { createRoute, z } from '@hono/zod-openapi'
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm'
import { leads } from '../../schema/tables'
import { database } from '../db/client'
import { LeadSchema, toLead } from '../db/lead-view'
import { siteModelFor } from '../db/site-model'
import { requireApiKey } from '../http/auth'
import { api, bearerSecurity, errors } from '../http/openapi'
import { ProblemError } from '../http/problem'

const ListQuery = z.object({
  email: z.string().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
})

const listLeads = createRoute({
  method: 'get',
  path: '/api/v1/leads',
  summary: "List the site's identified leads",
  security: bearerSecurity,
  middleware: [requireApiKey] as const,
  request: { query: ListQuery },
  responses: {
    200: {
      description: 'a page of leads',
      content: { 'application/json': { schema: z.object({ data: z.array(LeadSchema), nextCursor: z.string().nullable() }) } },
    },
    ...errors(400, 401),
  },
})

/**
 * Marketer routes over leads.
 * @example
 * app.route('/', leadsRoutes)
 */
export const leadsRoutes = api()

leadsRoutes.openapi(listLeads, async (c) => {
  const q = c.req.valid('query')
  const siteId = c.get('siteId')
  const db = database(c.env.DB)
  const conds: SQL[] = [eq(leads.siteId, siteId)]
  if (q.email) conds.push(eq(leads.email, q.email.trim().toLowerCase()))
  if (q.cursor) {
    const [score, id] = decodeCursor(q.cursor)
    conds.push(or(lt(leads.score, score), and(eq(leads.score, score), lt(leads.id, id)))!)
  }
  const rows = await db
    .select()
    .from(leads)
    .where(and(...conds))
    .orderBy(desc(leads.score), desc(leads.id))
    .limit(q.limit + 1)
  const model = await siteModelFor(db, siteId)
  const now = Date.now()
  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  return c.json({ data: page.map((r) => toLead(r, model, now)), nextCursor: rows.length > q.limit && last ? encodeCursor(last.score, last.id) : null }, 200)
})

const encodeCursor = (score: number, id: string) => btoa(JSON.stringify([score, id]))
function decodeCursor(s: string): [number, string] {
  try {
    const v = JSON.parse(atob(s))
    if (Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'string') return [v[0], v[1]]
  } catch {}
  throw new ProblemError(400, 'cursor is not one this API returned', { type: 'invalid-cursor' })
}
