import type { ChildProcess } from 'node:child_process'

/** The repository's root directory (with a trailing slash). */
export const ROOT: string
export function wrangler(args: string[], opts?: { timeoutMs?: number }): string
export function freePort(): Promise<number>
export function prepareDb(opts: { config?: string; persistTo?: string; seedSql?: string }): void

export interface WorkerOptions {
  /** wrangler config, relative to the repo root or absolute (default wrangler.toml) */
  config?: string
  /** local state dir (D1); wrangler's default `.wrangler/state` when absent */
  persistTo?: string
  /** `--var NAME:value` for each entry */
  vars?: Record<string, string>
  /** further wrangler dev arguments, after ours (a later `--port` wins) */
  args?: string[]
  ip?: string
  /** default: a free port */
  port?: number
  /** default: a free port */
  inspectorPort?: number
  /** a file for wrangler's output, 'inherit' to show it, or absent to keep it for the error message */
  log?: string
  /** the path that must answer 2xx before the server counts as ready (default /health) */
  readyPath?: string
  timeoutMs?: number
}

/** A `wrangler dev` server that answered its ready path. */
export interface WorkerServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string
  port: number
  inspectorPort: number
  /** the process group leader (wrangler); the group holds its workerd */
  pid: number
  child: ChildProcess
  /** stops the whole process group and waits for the leader to exit */
  stop(): Promise<void>
}

export function startWorker(opts?: WorkerOptions): Promise<WorkerServer>
export function stopAll(): Promise<void>
export function stopAllNow(): void
