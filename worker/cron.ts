import { retryDueAlerts } from './alerts'
import { purgeExpiredEvents } from './db/retention'
import type { Env } from './env'
import { cronJobs } from './jobs/runner'

/**
 * The cron handler (every minute; `npm run dev` fires it every 20 s locally): retries due alerts,
 * then the slower housekeeping. Each task is isolated so one failing does not starve the others.
 * @example
 * export default { fetch, scheduled } satisfies ExportedHandler<Env>
 */
export async function scheduled(_event: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const now = Date.now()
  const tasks: [string, () => Promise<unknown>][] = [
    ['alerts', () => retryDueAlerts(env, now)],
    ['jobs', () => cronJobs(env)],
    ['retention', () => purgeExpiredEvents(env, now)],
  ]
  for (const [name, task] of tasks) {
    ctx.waitUntil(
      task().catch((err) => {
        console.error(`cron ${name} failed`, err)
      }),
    )
  }
}
