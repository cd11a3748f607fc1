// The one way this repo runs wrangler and starts a Worker under `wrangler dev`: for `npm run dev`,
// the browser tests' globalSetup and the bench. Each server runs in its own process group, so that
// stopping it by the leader's pid also stops the workerd it started, and `stopAll` / `stopAllNow`
// end every server this process started, also when the caller fails.
import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// wrangler's CLI itself, with the flags its bin wrapper adds: the wrapper would be one more process
// between our signal and wrangler's shutdown (which stops workerd).
const CLI = [
  '--no-warnings',
  '--experimental-vm-modules',
  fileURLToPath(new URL('../../node_modules/wrangler/wrangler-dist/cli.js', import.meta.url)),
]
// No telemetry, banner, update check or Request.cf download: the traffic stays on 127.0.0.1.
const ENV = {
  ...process.env,
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
}
const QUIET = { ...ENV, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' }

/** Servers still running, by pid. */
const running = new Map()

/**
 * Runs wrangler to completion in the repo root (bounded by `timeoutMs`); returns its stdout, throws
 * with its output when it fails.
 * @example
 * wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir])
 */
export function wrangler(args, { timeoutMs = 120_000 } = {}) {
  const r = spawnSync(process.execPath, [...CLI, ...args], { cwd: ROOT, env: QUIET, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 32 << 20 })
  if (r.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer()
    srv.once('error', fail)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => ok(port))
    })
  })
}

/**
 * A local D1 with the migrations applied, then `seedSql` executed. Without `persistTo` it is
 * wrangler's default local state (`.wrangler/`), the one `npm run dev` serves.
 * @example
 * prepareDb({ persistTo: mkdtempSync(join(tmpdir(), 'lb-')), seedSql: demoSeedSql() })
 */
export function prepareDb({ config = 'wrangler.toml', persistTo, seedSql }) {
  const where = ['--local', ...(persistTo ? ['--persist-to', persistTo] : []), '-c', config]
  wrangler(['d1', 'migrations', 'apply', 'DB', ...where])
  if (seedSql) wrangler(['d1', 'execute', 'DB', ...where, '--command', seedSql])
}

/**
 * Starts `wrangler dev` on 127.0.0.1 and waits until `readyPath` answers 2xx (at most `timeoutMs`).
 * `port` defaults to a free one; `log` is a file path for its output, 'inherit' to show it, or
 * undefined to keep it in memory for the error message.
 * @example
 * const w = await startWorker({ persistTo, vars: { ADMIN_TOKEN: 't' } })
 * await fetch(`${w.url}/health`)
 * await w.stop()
 */
export async function startWorker(opts = {}) {
  const { config = 'wrangler.toml', persistTo, vars = {}, args = [], log, readyPath = '/health', timeoutMs = 90_000 } = opts
  const ip = opts.ip ?? '127.0.0.1'
  const port = opts.port ?? (await freePort())
  const inspectorPort = opts.inspectorPort ?? (await freePort())
  const argv = [...CLI, 'dev', '-c', config, '--ip', ip, '--port', String(port), '--inspector-port', String(inspectorPort)]
  if (persistTo) argv.push('--persist-to', persistTo)
  if (log !== 'inherit') argv.push('--show-interactive-dev-session=false', '--log-level', 'warn')
  for (const [k, v] of Object.entries(vars)) argv.push('--var', `${k}:${v}`)
  argv.push(...args)
  const child = spawn(process.execPath, argv, {
    cwd: ROOT,
    env: log === 'inherit' ? ENV : QUIET,
    detached: true,
    stdio: log === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  if (typeof log === 'string' && log !== 'inherit') {
    const file = createWriteStream(log)
    child.stdout.pipe(file)
    child.stderr.pipe(file)
  } else if (log === undefined) {
    const keep = (d) => {
      output = (output + d).slice(-20_000)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
  }
  running.set(child.pid, child)
  child.once('exit', () => running.delete(child.pid))

  const url = `http://${ip}:${port}`
  const server = { url, port, inspectorPort, pid: child.pid, child, stop: () => stop(child) }
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    try {
      const r = await fetch(url + readyPath, { signal: AbortSignal.timeout(2_000) })
      await r.arrayBuffer()
      if (r.ok) return server
    } catch {}
    await new Promise((r) => setTimeout(r, 250))
  }
  const exited = child.exitCode ?? child.signalCode
  await stop(child)
  const where = typeof log === 'string' && log !== 'inherit' ? `; see ${log}` : output ? `:\n${output}` : ''
  throw new Error(`wrangler dev (${config}) ${exited === null ? `did not answer ${readyPath} within ${timeoutMs} ms` : `exited (${exited})`}${where}`)
}

/** Ends a server's whole process group by the leader's pid: politely, then for sure. */
async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise((r) => child.once('exit', r))
  kill(child.pid, 'SIGTERM')
  await Promise.race([gone, new Promise((r) => setTimeout(r, 5_000))])
  // whatever is left in the group (a hung leader, or a workerd it left behind)
  kill(child.pid, 'SIGKILL')
  await Promise.race([gone, new Promise((r) => setTimeout(r, 2_000))])
}

function kill(pid, signal) {
  try {
    process.kill(-pid, signal)
  } catch {}
}

/**
 * Stops every server this process started, with synchronous signals only, so that it also works
 * from an `exit` handler.
 * @example
 * process.on('exit', stopAllNow)
 */
export function stopAllNow() {
  for (const pid of running.keys()) kill(pid, 'SIGKILL')
  running.clear()
}

/** Stops every server this process started, politely, and waits for them. */
export async function stopAll() {
  await Promise.all([...running.values()].map(stop))
}
