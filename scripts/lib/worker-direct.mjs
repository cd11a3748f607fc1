// The Worker as `wrangler deploy` builds it, run in workerd by Miniflare inside this process, with a
// throwaway D1 on tmpfs where there is one: for bulk runs (eval:live) where `wrangler dev` costs more than the Worker itself.
// `wrangler dev` puts a proxy Worker and a Node loopback (its request log) in front of every request,
// which more than doubles the CPU of an ingest request; here the requests reach the Worker's own socket.
// Bindings come from wrangler.toml through wrangler's own reader, so they cannot drift from it.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Miniflare } from 'miniflare'
import { ROOT } from './worker-proc.mjs'

/**
 * Builds the Worker (`wrangler deploy --dry-run`), starts it on 127.0.0.1 with `vars` over
 * wrangler.toml's bindings and a fresh D1 (removed at `stop`), applies every migration, then runs `seedSql`
 * (statements separated by `;`). Resolves once it answers.
 * @example
 * const w = await startDirectWorker({ vars: { ADMIN_TOKEN: 't', ENVIRONMENT: 'local' }, seedSql: demoSeedSql() })
 * await fetch(`${w.url}/health`)
 * await w.stop()
 */
export async function startDirectWorker(opts = {}) {
  const [worker] = await startDirectWorkers(1, opts)
  return worker
}

/**
 * `n` Workers of one build, as `startDirectWorker` starts one: each its own workerd process (one core
 * each) and its own fresh D1, migrated and seeded alike. Rejects (stopping any that started) if one fails.
 * @example
 * const ws = await startDirectWorkers(2, { vars: { ADMIN_TOKEN: 't', ENVIRONMENT: 'local' } })
 * await Promise.all(ws.map((w) => w.stop()))
 */
export async function startDirectWorkers(n, { config = 'wrangler.toml', vars = {}, seedSql = '', miniflare = {}, direct = false } = {}) {
  const out = mkdtempSync(join(tmpdir(), 'leadbeacon-bundle-'))
  let code
  let options
  try {
    // the build (a child process) and wrangler's config reader (this one) overlap
    const building = build(['deploy', '--dry-run', '-c', config, '--outdir', out])
    // require, not import: Node's ESM loader would first scan wrangler's 10 MB CommonJS for its exports
    const { unstable_getMiniflareWorkerOptions } = createRequire(import.meta.url)('wrangler')
    options = unstable_getMiniflareWorkerOptions(join(ROOT, config)).workerOptions
    await building
    code = readFileSync(join(out, 'index.js'), 'utf8')
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
  const started = await Promise.allSettled(Array.from({ length: n }, () => startOne(code, options, vars, seedSql, miniflare, direct)))
  const ok = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
  const failed = started.find((r) => r.status === 'rejected')
  if (failed) {
    await Promise.all(ok.map((w) => w.stop()))
    throw failed.reason
  }
  return ok
}

async function startOne(code, options, vars, seedSql, extra, direct) {
  const { modulesRules: _rules, ...worker } = options
  // Miniflare keeps even unpersisted D1 in SQLite files under a temp dir: on tmpfs its commits cost no
  // disk writes or flushes (measured: about 8 % less CPU for a whole eval:live run)
  const state = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'leadbeacon-state-'))
  const dispose = async () => {
    await mf.dispose()
    rmSync(state, { recursive: true, force: true })
  }
  const mf = new Miniflare({
    ...worker,
    // the code itself, not its path: workerd would follow the source-map comment out of the dir
    modules: [{ type: 'ESModule', path: 'index.js', contents: code }],
    bindings: { ...worker.bindings, ...vars },
    defaultPersistRoot: state,
    host: '127.0.0.1',
    port: 0,
    // Miniflare's request log is a call from workerd back into Node for every request
    logRequests: false,
    // a socket of the Worker itself, without Miniflare's entry Worker in front (it dispatches every
    // request and adds `request.cf`): about a tenth less workerd CPU per ingest request
    ...(direct ? { unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }] } : {}),
    ...extra,
  })
  try {
    const entry = (await mf.ready).origin
    const url = direct ? (await mf.unsafeGetDirectURL()).origin : entry
    const db = await mf.getD1Database('DB')
    const dir = join(ROOT, 'schema/migrations')
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.sql')).sort()) {
      const sql = readFileSync(join(dir, f), 'utf8')
      await db.batch(statements(sql.split('--> statement-breakpoint').join(';')).map((s) => db.prepare(s)))
    }
    const seed = statements(seedSql)
    if (seed.length) await db.batch(seed.map((s) => db.prepare(s)))
    return { url, stop: dispose }
  } catch (e) {
    await dispose()
    throw e
  }
}

/** Runs wrangler with `args` in the repo root, without blocking this process; rejects with its output. */
function build(args) {
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_HIDE_BANNER: 'true', CI: 'true', NO_COLOR: '1' }
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/wrangler/bin/wrangler.js'), ...args], { cwd: ROOT, env })
  let output = ''
  const keep = (d) => {
    output = (output + d).slice(-20_000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  return new Promise((ok, fail) => {
    child.once('error', fail)
    child.once('exit', (code) => (code === 0 ? ok() : fail(new Error(`wrangler ${args.join(' ')} failed (${code}):\n${output}`))))
  })
}

/** SQL split at `;` outside quotes; blank statements dropped. */
function statements(sql) {
  return sql
    .split(/;(?=(?:[^']*'[^']*')*[^']*$)/)
    .map((s) => s.trim())
    .filter(Boolean)
}
