/**
 * vitest globalSetup of the `browser` project: the real Worker under `wrangler dev` on a free port,
 * with a fresh local D1 (migrations applied, demo site seeded) in a temp `--persist-to` dir, stopped
 * by pid afterwards. Tests read `inject('worker')`. Skipped when Chromium is missing (outside CI).
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { HAVE_CHROMIUM } from './chromium'

/** What the tests get: where the Worker runs, its admin token and its D1 directory. */
export interface WorkerInfo {
  url: string
  adminToken: string
  persistTo: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    worker: WorkerInfo | null
  }
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const WRANGLER = join(ROOT, 'node_modules/wrangler/bin/wrangler.js')
const ENV = { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' }

/**
 * Runs `wrangler …` to completion in the repo root; throws with its output when it fails.
 * @example
 * wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir])
 */
export function wrangler(args: string[]): string {
  const r = spawnSync(process.execPath, [WRANGLER, ...args], { cwd: ROOT, env: ENV, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

const freePort = () =>
  new Promise<number>((res, rej) => {
    const s = createServer()
    s.on('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number }
      s.close(() => res(port))
    })
  })

export default async function setup(project: TestProject) {
  if (!HAVE_CHROMIUM) {
    project.provide('worker', null)
    return
  }
  spawnSync(process.execPath, [join(ROOT, 'snippet/build.mjs')], { cwd: ROOT, stdio: 'inherit' })
  const persistTo = mkdtempSync(join(tmpdir(), 'leadbeacon-browser-'))
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo])
  const lib = (await import(join(ROOT, 'scripts/lib.mjs') as string)) as { demoSeedSql(): string }
  wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--command', lib.demoSeedSql()])

  const port = await freePort()
  // its own inspector port too: the default 9229 is taken as soon as another wrangler dev runs on the machine
  const inspectorPort = await freePort()
  const adminToken = 'browser-test-admin-token'
  const url = `http://127.0.0.1:${port}`
  // its own process group, so that stopping it (by pid) also stops the workerd it starts
  const child = spawn(
    process.execPath,
    [WRANGLER, 'dev', '--ip', '127.0.0.1', '--port', String(port), '--persist-to', persistTo,
      '--var', `ADMIN_TOKEN:${adminToken}`, '--var', 'ENVIRONMENT:local',
      '--show-interactive-dev-session=false', '--log-level', 'warn', '--inspector-port', String(inspectorPort)],
    { cwd: ROOT, env: ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let log = ''
  child.stdout?.on('data', (d) => (log += d))
  child.stderr?.on('data', (d) => (log += d))
  const stop = () => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM')
    } catch {}
  }

  const end = Date.now() + 60_000
  for (;;) {
    const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false)
    if (ok) break
    if (Date.now() > end || child.exitCode !== null) {
      stop()
      throw new Error(`wrangler dev did not answer /health within 60 s:\n${log}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  project.provide('worker', { url, adminToken, persistTo })

  return async () => {
    stop()
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)))
    rmSync(persistTo, { recursive: true, force: true })
  }
}
