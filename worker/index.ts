import { app } from './app'
import type { Env } from './env'
import { scheduled } from './cron'
import { ingest, isIngest } from './routes/ingest'

export default {
  // the snippet's batches skip the router (worker/routes/ingest.ts says why)
  fetch: (req: Request, env: Env, ctx: ExecutionContext) => (isIngest(req) ? ingest(req, env, ctx) : app.fetch(req, env, ctx)),
  scheduled,
} satisfies ExportedHandler<Env>
