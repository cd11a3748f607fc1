import { createRoute, z } from '@hono/zod-openapi'
import { JOB_KINDS } from '../../schema/tables'
import { database } from '../db/client'
import { jobView, siteJob } from '../db/jobs'
import { ProblemError } from '../http/problem'
import { api, errors, keyAuth } from './openapi'

/** A background job as every route that starts one answers it (`202 { job }`). */
export const JobSchema = z
  .object({
    id: z.string(),
    kind: z.enum(JOB_KINDS),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    done: z.number().int(),
    total: z.number().int(),
    supersededBy: z.string().nullable().openapi({ description: 'the newer job that made this one moot (a newer model change)' }),
    result: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: "a finished job's findings (docs/api.md)" }),
    error: z.string().optional().openapi({ description: 'why a failed job failed' }),
  })
  .openapi('Job')

const getJob = createRoute({
  method: 'get',
  path: '/api/v1/jobs/{id}',
  summary: 'A background job: its progress, and its result once done',
  ...keyAuth('scoring.read'),
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: {
    200: { description: 'the job', content: { 'application/json': { schema: z.object({ job: JobSchema }) } } },
    ...errors(401, 404),
  },
})

/**
 * `GET /api/v1/jobs/{id}`: the site's own jobs only (another site's is 404, as a missing one).
 * @example
 * app.route('/', jobsRoutes)
 */
export const jobsRoutes = api()

jobsRoutes.openapi(getJob, async (c) => {
  const job = await siteJob(database(c.env.DB), c.get('siteId'), c.req.valid('param').id)
  if (!job) throw new ProblemError(404, 'no such job', { type: 'not-found' })
  return c.json({ job: jobView(job) }, 200)
})
