// Processes of the bench: wrangler builds, local D1 setup and `wrangler dev` servers on loopback.
// Every server runs in its own process group and is stopped by that pid, also when the bench fails.
import { spawn, spawnSync } from 'node:child_process'
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'

const WRANGLER = resolve('node_modules/wrangler/bin/wrangler.js')
// No telemetry, update check or Request.cf download: the bench's traffic stays on 127.0.0.1.
const ENV = {
  ...process.env,
  CI: 'true',
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
}

/** Children still running, by pid; `stopAll` ends them. */
const running = new Map()

/**
 * Runs wrangler to completion (bounded by `timeoutMs`); throws with its output when it fails.
 * @example
 * wrangler(['deploy', '--dry-run', '--outdir', dir])
 */
export function wrangler(args, { timeoutMs = 120_000 } = {}) {
  const r = spawnSync(process.execPath, [WRANGLER, ...args], { env: ENV, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 32 << 20 })
  if (r.status !== 0) throw new Error(`wrangler ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`)
  return r.stdout
}

/**
 * A TCP port that was free a moment ago on 127.0.0.1.
 * @example
 * const port = await freePort()
 */
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
 * Bundles a Worker exactly as `wrangler deploy` would (dry run) and writes a config that serves that
 * bundle unchanged: the bench measures one fixed build even while the sources are being edited.
 * `minify` true/false overrides wrangler.toml (false keeps esbuild's `// path` markers for
 * profiling); undefined builds as configured. Returns the config path, the bundle and its metafile.
 * @example
 * const built = buildWorker({ config: 'wrangler.toml', dir: '/tmp/lb-bench/ours' })
 */
export function buildWorker({ config, dir, minify }) {
  const tag = minify === undefined ? '' : minify ? '-min' : '-nomin'
  const out = join(dir, `out${tag}`)
  const meta = join(dir, `meta${tag}.json`)
  const flag = minify === undefined ? [] : [minify ? '--minify' : '--no-minify']
  wrangler(['deploy', '--dry-run', '-c', config, '--outdir', out, '--metafile', meta, ...flag])
  const bundle = join(out, 'index.js')
  const src = readFileSync(config, 'utf8')
  const migrations = /^\s*migrations_dir\s*=\s*"([^"]+)"/m.exec(src)?.[1]
  let toml = src.replace(/^main\s*=.*$/m, `main = ${JSON.stringify(bundle)}`)
  if (migrations) toml = toml.replace(/^(\s*)migrations_dir\s*=.*$/m, `$1migrations_dir = ${JSON.stringify(resolve(config, '..', migrations))}`)
  const runConfig = join(dir, `wrangler${tag}.toml`)
  writeFileSync(runConfig, toml)
  return { config: runConfig, bundle, meta }
}

/**
 * A fresh local D1 in `persistTo`: migrations applied, then `seedSql` executed.
 * @example
 * prepareDb({ config, persistTo, seedSql: demoSeedSql() })
 */
export function prepareDb({ config, persistTo, seedSql }) {
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo, '-c', config])
  wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '-c', config, '--command', seedSql])
}

/**
 * Starts `wrangler dev` for a built config on a free loopback port and waits until `readyPath`
 * answers 200 (at most `timeoutMs`). Output goes to `logFile`.
 * @example
 * const w = await startDev({ config, persistTo, logFile, vars: { ADMIN_TOKEN: 't' } })
 * await fetch(`${w.base}/health`)
 */
export async function startDev({ config, persistTo, logFile, vars = {}, readyPath = '/health', timeoutMs = 90_000 }) {
  const port = await freePort()
  const inspector = await freePort()
  const args = [WRANGLER, 'dev', '-c', config, '--no-bundle', '--ip', '127.0.0.1', '--port', String(port)]
  args.push('--inspector-port', String(inspector), '--persist-to', persistTo, '--show-interactive-dev-session=false', '--log-level', 'warn')
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`)
  const log = createWriteStream(logFile)
  const child = spawn(process.execPath, args, { env: ENV, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout.pipe(log)
  child.stderr.pipe(log)
  running.set(child.pid, child)
  child.once('exit', () => running.delete(child.pid))
  const base = `http://127.0.0.1:${port}`
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    try {
      const r = await fetch(base + readyPath, { signal: AbortSignal.timeout(2_000) })
      await r.arrayBuffer()
      if (r.ok) return { base, inspectorPort: inspector, pid: child.pid, stop: () => stop(child) }
    } catch {}
    await new Promise((r) => setTimeout(r, 250))
  }
  await stop(child)
  throw new Error(`wrangler dev (${config}) did not become ready; see ${logFile}`)
}

/** Ends a server's whole process group (wrangler and its workerd) by the leader's pid. */
async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise((r) => child.once('exit', r))
  kill(child.pid, 'SIGTERM')
  const killed = await Promise.race([gone.then(() => true), new Promise((r) => setTimeout(() => r(false), 5_000))])
  if (!killed) {
    kill(child.pid, 'SIGKILL')
    await Promise.race([gone, new Promise((r) => setTimeout(r, 2_000))])
  }
}

function kill(pid, signal) {
  try {
    process.kill(-pid, signal)
  } catch {}
}

/**
 * Stops every server this bench started. Synchronous signals first, so it also works from an
 * `exit` handler.
 * @example
 * process.on('exit', stopAllNow)
 */
export function stopAllNow() {
  for (const pid of running.keys()) kill(pid, 'SIGKILL')
  running.clear()
}

/**
 * Stops every server this bench started, politely, and waits for them.
 * @example
 * await stopAll()
 */
export async function stopAll() {
  await Promise.all([...running.values()].map(stop))
}
