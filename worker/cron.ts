import { retryDueAlerts } from './alerts'
import { database } from './db/client'
import { rescoreSite, sitesNeedingRescore } from './db/rescore'
import { purgeExpired } from './db/retention'
import { siteModelFor } from './db/site-model'
import type { Env } from './env'
import { remindOverdueSqls } from './handoff'

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
    ['rescore', () => finishRescoring(env, now)],
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

/** Large sites are rescored across cron ticks after a model change: pick up where the request stopped. */
async function finishRescoring(env: Env, now: number): Promise<void> {
  const db = database(env.DB)
  for (const site of await sitesNeedingRescore(db)) {
    await rescoreSite(db, site, await siteModelFor(db, site.id), now)
  }
}
