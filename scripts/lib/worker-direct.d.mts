/** A Worker running in workerd inside this process (see worker-direct.mjs). */
export interface DirectWorker {
  /** e.g. http://127.0.0.1:41234 */
  url: string
  /** disposes of workerd and removes its D1 */
  stop(): Promise<void>
}

export interface DirectWorkerOptions {
  /** wrangler config, relative to the repo root (default wrangler.toml) */
  config?: string
  /** plain-text bindings over the config's */
  vars?: Record<string, string>
  /** SQL run after the migrations, statements separated by `;` */
  seedSql?: string
  /**
   * serve from the Worker's own socket, without Miniflare's entry Worker in front: less CPU per request,
   * but no `request.cf` (no country) and no Miniflare request handling
   */
  direct?: boolean
  /** Miniflare options over the ones made here (e.g. `inspectorPort` to profile) */
  miniflare?: Record<string, unknown>
}

export function startDirectWorker(opts?: DirectWorkerOptions): Promise<DirectWorker>

/** `n` Workers of one build, each its own workerd process and its own fresh D1. */
export function startDirectWorkers(n: number, opts?: DirectWorkerOptions): Promise<DirectWorker[]>
