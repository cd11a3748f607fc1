import { createRoute, z } from '@hono/zod-openapi'
import { rowToLead } from '../calibration/leads-csv'
import { database } from '../db/client'
import { IMPORT_PAGE_ROWS, importLeads } from '../db/import'
import { stageRows } from '../db/job-rows'
import type { ImportFileState } from '../jobs/import-file'
import { recordOutcomes } from '../db/outcomes'
import { jobView } from '../db/jobs'
import { siteModelFor } from '../db/site-model'
import { startJob, startRescore } from '../jobs/runner'
import { JobSchema } from './jobs'
import { api, errors, jsonSchemaText, keyAuth } from './openapi'
import { actorOf } from './auth'
import { auditEntry } from '../db/audit'
import { ProblemError } from '../http/problem'
import { readRecords } from '../http/upload'
import { normaliseEmail } from '../ingest/validate'

const MAX_OUTCOMES = 5000
const MAX_IMPORT_ROWS = 10_000

const OutcomeRow = z.object({
  email: z.string().max(254),
  outcome: z.enum(['won', 'lost']),
  at: z.union([z.string().max(40), z.number()]).optional(),
})
// Bodies are read and checked row by row in the handler (JSON or CSV), so that an error names its row;
// the schemas here document them.
const upload = (schema: z.ZodType, key: string) => ({
  body: {
    required: true,
    content: {
      'application/json': {
        schema: z.any().openapi({ description: `an array of rows, or { "${key}": [...] }; a row: ${jsonSchemaText(schema)}` }),
      },
      'text/csv': { schema: z.any().openapi({ type: 'string', description: 'RFC 4180 CSV with a header row' }) },
    },
  },
})

const postOutcomes = createRoute({
  method: 'post',
  path: '/api/v1/outcomes',
  summary: 'Record won/lost outcomes in bulk (JSON or CSV, e.g. a CRM closed-won export)',
  ...keyAuth('outcomes.write'),
  request: upload(OutcomeRow, 'outcomes'),
  responses: {
    200: {
      description: 'recorded',
      content: { 'application/json': { schema: z.object({ updated: z.number().int(), unknown: z.array(z.string()), unknownCount: z.number().int() }) } },
    },
    ...errors(400, 401, 403, 413, 415),
  },
})

const ImportAnswer = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  events: z.number().int(),
  withOutcome: z.number().int(),
  pendingRescore: z.boolean(),
  job: JobSchema,
})

const postImport = createRoute({
  method: 'post',
  path: '/api/v1/import',
  summary: 'Import historical leads with outcomes from a CSV (Leads.csv column vocabulary)',
  description:
    'Each row becomes the events and profile the snippet would have produced (see docs/scoring-quality.md), marked imported: scored, never alerted. Re-importing the same file adds nothing twice. At most 10,000 rows a request. Over 200 rows: `202 { rows, job }`, an `import-file` job.',
  ...keyAuth('import.write'),
  request: { body: { required: true, content: { 'text/csv': { schema: z.any().openapi({ type: 'string', description: 'RFC 4180 CSV with a header row' }) } } } },
  responses: {
    200: { description: 'imported and rescored', content: { 'application/json': { schema: ImportAnswer } } },
    202: {
      description: 'imported, the rescore being the job; or, for a large file, the import job (`GET /api/v1/jobs/{id}`)',
      content: { 'application/json': { schema: z.union([ImportAnswer, z.object({ rows: z.number().int(), job: JobSchema })]) } },
    },
    ...errors(400, 401, 403, 413, 415),
  },
})

/**
 * Marketer routes that bring outcomes in: bulk outcomes, and historical leads from a CSV.
 * @example
 * app.route('/', outcomesRoutes)
 */
export const outcomesRoutes = api()

outcomesRoutes.openapi(postOutcomes, async (c) => {
  const records = await readRecords(c, 'outcomes', 2 * 1024 * 1024)
  if (records.length > MAX_OUTCOMES) throw new ProblemError(413, `at most ${MAX_OUTCOMES} outcomes a request`, { type: 'too-large' })
  const now = Date.now()
  const items = records.map((r, i) => {
    const p = OutcomeRow.safeParse({ ...r, outcome: typeof r.outcome === 'string' ? r.outcome.trim().toLowerCase() : r.outcome })
    const email = p.success ? normaliseEmail(p.data.email) : null
    const at = p.success ? (p.data.at === undefined || p.data.at === '' ? now : new Date(p.data.at).getTime()) : Number.NaN
    if (!p.success || !email || !Number.isFinite(at)) {
      throw new ProblemError(400, `row ${i + 1}: needs email, outcome (won|lost) and an optional ISO time "at"`, { type: 'invalid-outcome' })
    }
    return { email, outcome: p.data.outcome, at: Math.min(at, now) }
  })
  const db = database(c.env.DB)
  const r = await recordOutcomes(db, c.get('siteId'), items)
  // written after: the outcomes go in several batches, and the entry says what they did
  await auditEntry(db, { siteId: c.get('siteId'), who: actorOf(c), action: 'outcomes', summary: { rows: items.length, updated: r.updated, unknown: r.unknown.length }, at: now })
  return c.json({ updated: r.updated, unknown: r.unknown.slice(0, 100), unknownCount: r.unknown.length }, 200)
})

outcomesRoutes.openapi(postImport, async (c) => {
  const records = await readRecords(c, 'leads', 16 * 1024 * 1024)
  if (records.length > MAX_IMPORT_ROWS) throw new ProblemError(413, `at most ${MAX_IMPORT_ROWS} rows a request; split the file`, { type: 'too-large' })
  if (records.length === 0) throw new ProblemError(400, 'the CSV has no rows', { type: 'invalid-csv' })
  const now = Date.now()
  const db = database(c.env.DB)
  const siteId = c.get('siteId')
  if (records.length > IMPORT_PAGE_ROWS) {
    // staged with the job in one batch (each statement's JSON under 2 MB); the job writes a page a step
    const state: ImportFileState = { now, after: -1, created: 0, updated: 0, events: 0, withOutcome: 0 }
    const staged = (id: string) => stageRows(c.env.DB, id, records.map((r, seq) => ({ seq, data: asStrings(r) })))
    const job = await startJob(c.env, c.executionCtx, { siteId, kind: 'import-file', total: records.length, state: state as unknown as Record<string, unknown> }, staged)
    await auditEntry(db, { siteId, who: actorOf(c), action: 'import', summary: { rows: records.length, job: job.id }, at: now })
    return c.json({ rows: records.length, job: jobView(job) }, 202)
  }
  const mapped = records.map((r, index) => rowToLead(asStrings(r), { now, index }))
  const model = await siteModelFor(db, siteId)
  const r = await importLeads(c.env.DB, siteId, model, mapped, now)
  const site = await db.query.sites.findFirst({ where: (s, { eq }) => eq(s.id, siteId), columns: { id: true, modelVersion: true } })
  const job = await startRescore(c.env, c.executionCtx, siteId, site!.modelVersion, 'import')
  const pendingRescore = job.status !== 'done'
  await auditEntry(db, { siteId, who: actorOf(c), action: 'import', summary: { rows: records.length, created: r.created, updated: r.updated }, at: now })
  const body = { rows: records.length, ...r, withOutcome: mapped.filter((m) => m.outcome).length, pendingRescore, job: jobView(job) }
  return pendingRescore ? c.json(body, 202) : c.json(body, 200)
})

const asStrings = (r: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v == null ? '' : String(v)]))
