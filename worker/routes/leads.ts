import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { database } from '../db/client'
import { LeadSchema, toLead, type Lead } from '../db/lead-view'
import { LEAD_STAGES as STAGES, type LeadStage } from '../../schema/lead-values'
import { type LeadFilters, listLeadsPage, SORTS } from '../db/leads-query'
import { siteModelFor } from '../db/site-model'
import type { Model } from '../scoring'
import type { AppEnv } from '../env'
import { csvLine, csvRecords } from '../http/csv'
import { api, errors, keyAuth } from './openapi'
import { ProblemError } from '../http/problem'

/** Lead fields in the order of the contract's `Lead`: the CSV header. */
export const LEAD_COLUMNS = Object.keys(LeadSchema.shape) as (keyof Lead & string)[]

const ListQuery = z.object({
  stage: z
    .string()
    .max(100)
    .regex(new RegExp(`^(${STAGES.join('|')})(,(${STAGES.join('|')}))*$`), `one or more of ${STAGES.join(', ')}, comma-separated`)
    .optional()
    .openapi({ example: 'mql,sql', description: 'stage, or several comma-separated' }),
  minScore: z.coerce.number().min(-10_000).max(10_000).optional().openapi({ description: 'score (decayed to now) ≥ this' }),
  email: z.string().max(254).optional().openapi({ description: 'exact email (case-insensitive)' }),
  since: z.string().max(40).optional().openapi({ description: 'lastSeenAt ≥ this ISO-8601 time (or ms since the epoch)', example: '2026-05-01T00:00:00Z' }),
  domain: z.string().max(253).optional().openapi({ description: 'account (company email) domain', example: 'acme.com' }),
  sort: z.enum(SORTS).default('-score'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1000).optional().openapi({ description: 'nextCursor of the previous page' }),
  format: z.enum(['json', 'csv']).optional().openapi({ description: 'csv: the whole filtered set as CSV (also with Accept: text/csv)' }),
})
type ListQuery = z.infer<typeof ListQuery>

const listLeads = createRoute({
  method: 'get',
  path: '/api/v1/leads',
  summary: "List the site's identified leads",
  description:
    'Ordered by the score decayed to the time of the first page (sort=-score, the default, or score), or by lastSeenAt. ' +
    'Keyset paging: follow nextCursor; leads written meanwhile never make another lead repeat or go missing. ' +
    'format=csv (or Accept: text/csv) streams every lead that matches the filters, ignoring limit and cursor.',
  ...keyAuth('leads.read'),
  request: { query: ListQuery },
  responses: {
    200: {
      description: 'a page of leads, or the CSV export',
      content: {
        'application/json': { schema: z.object({ data: z.array(LeadSchema), nextCursor: z.string().nullable() }).openapi('LeadPage') },
        'text/csv': { schema: z.string().openapi({ description: `header row: ${LEAD_COLUMNS.join(',')}` }) },
      },
    },
    ...errors(400, 401, 403, 429),
  },
})

/**
 * Parses the filter parameters (already shape-checked by the route's schema).
 * @example
 * filtersOf({ stage: 'mql,sql', domain: 'Acme.com', sort: '-score', limit: 50 }) // { stages: ['mql','sql'], domain: 'acme.com' }
 */
export function filtersOf(q: ListQuery): LeadFilters {
  const f: LeadFilters = {}
  if (q.stage) f.stages = [...new Set(q.stage.split(',') as LeadStage[])]
  if (q.minScore !== undefined) f.minScore = q.minScore
  if (q.email !== undefined) f.email = q.email.trim().toLowerCase()
  if (q.domain !== undefined) f.domain = q.domain.trim().toLowerCase().replace(/^@/, '')
  if (q.since !== undefined) {
    const s = q.since.trim()
    const ms = /^\d{1,15}$/.test(s) ? Number(s) : Date.parse(s)
    if (!Number.isFinite(ms)) throw new ProblemError(400, 'since: an ISO-8601 time such as 2026-05-01T00:00:00Z, or ms since the epoch', { type: 'invalid-request' })
    f.since = ms
  }
  return f
}

const wantsCsv = (c: Context<AppEnv>, q: ListQuery) =>
  q.format === 'csv' || (q.format === undefined && /(^|,)\s*text\/csv\b/i.test(c.req.header('Accept') ?? ''))

/**
 * Marketer routes over the lead list (JSON pages and the CSV export).
 * @example
 * app.route('/', leadsRoutes)
 */
export const leadsRoutes = api()

leadsRoutes.openapi(listLeads, async (c) => {
  const q = c.req.valid('query')
  const siteId = c.get('siteId')
  const db = database(c.env.DB)
  const filters = filtersOf(q)
  const model = await siteModelFor(db, siteId)
  const now = Date.now()
  c.header('Vary', 'Accept') // the same URL answers JSON or CSV
  if (wantsCsv(c, q)) return (await csvExport(c, q, filters, model, now)) as never
  const page = await listLeadsPage(db, siteId, model, filters, q.sort, q.limit, q.cursor, now)
  return c.json({ data: page.rows.map((r) => toLead(r, model, now)), nextCursor: page.next }, 200)
})

/** Rows fetched per D1 query while exporting. */
export const EXPORT_CHUNK = 2000

/**
 * The whole filtered set as CSV, streamed chunk by chunk (keyset pages of EXPORT_CHUNK) so a large
 * site's export never sits in memory. The first chunk is read before answering, so a D1 fault is
 * still a problem+json rather than a truncated file.
 */
async function csvExport(c: Context<AppEnv>, q: ListQuery, filters: LeadFilters, model: Model, now: number): Promise<Response> {
  const db = database(c.env.DB)
  const siteId = c.get('siteId')
  let page = await listLeadsPage(db, siteId, model, filters, q.sort, EXPORT_CHUNK, undefined, now)
  const enc = new TextEncoder()
  let first = true
  const body = new ReadableStream<Uint8Array>({
    async pull(ctl) {
      if (first) {
        first = false
        ctl.enqueue(enc.encode(csvLine(LEAD_COLUMNS) + csvRecords(page.rows.map((r) => toLead(r, model, now)), LEAD_COLUMNS)))
        if (!page.next) ctl.close()
        return
      }
      try {
        page = await listLeadsPage(db, siteId, model, filters, q.sort, EXPORT_CHUNK, page.next!, now)
      } catch (err) {
        console.error('csv export failed mid-stream', err)
        ctl.error(err)
        return
      }
      ctl.enqueue(enc.encode(csvRecords(page.rows.map((r) => toLead(r, model, now)), LEAD_COLUMNS)))
      if (!page.next) ctl.close()
    },
  })
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'text/csv; charset=utf-8; header=present',
      'Content-Disposition': 'attachment; filename="leads.csv"',
      'Cache-Control': 'no-store',
      Vary: 'Accept',
    },
  })
}
