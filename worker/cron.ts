import { retryDueAlerts } from './alerts'
import { purgeExpired } from './db/retention'
import type { Env } from './env'
import { remindOverdueSqls } from './handoff'
import { cronJobs } from './jobs/runner'

/**
 * The cron handler (every minute; `npm run dev` fires it every 20 s locally): retries due alerts,
 * sends SLA reminders, then the slower housekeeping. Each task is isolated so one failing does not
 * starve the others. Every task takes "now" from the controller (`scheduledTime`), whatever the cron
 * string, so a run can be simulated ahead (`/cdn-cgi/handler/scheduled?time=<unix ms>` locally).
 * @example
 * export default { fetch, scheduled } satisfies ExportedHandler<Env>
 */
export async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const now = controller.scheduledTime
  const tasks: [string, () => Promise<unknown>][] = [
    ['alerts', () => retryDueAlerts(env, now)],
    ['sla', () => remindOverdueSqls(env, now)],
    ['jobs', () => cronJobs(env)],
    ['retention', () => purgeExpired(env, now)],
  ]
  for (const [name, task] of tasks) {
    ctx.waitUntil(
      task().catch((err) => {
        console.error(`cron ${name} failed`, err)
      }),
    )
  }
}
