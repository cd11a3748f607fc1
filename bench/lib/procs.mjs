// The bench's builds: each Worker bundled once as `wrangler deploy` would, served unchanged by
// `wrangler dev` (scripts/lib/worker-proc.mjs starts and stops the servers).
import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { demoSeedSql } from '../../scripts/lib.mjs'
import { prepareDb, startWorker, wrangler } from '../../scripts/lib/worker-proc.mjs'
import { inspectorUrl, primeInspector } from './inspector.mjs'

/**
 * Bundles a Worker exactly as `wrangler deploy` would (dry run) and writes a config that serves that
 * bundle unchanged (start it with `args: ['--no-bundle']`): the bench measures one fixed build even
 * while the sources are being edited. `minify` true/false overrides wrangler.toml (false keeps
 * esbuild's `// path` markers for profiling); undefined builds as configured. Returns the config
 * path, the bundle and its metafile.
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
  // the static files (wrangler.toml [assets]), from wherever the copy is
  toml = toml.replace(/^(\s*)directory\s*=\s*"([^"]+)"/m, (_, sp, d) => `${sp}directory = ${JSON.stringify(resolve(config, '..', d))}`)
  const runConfig = join(dir, `wrangler${tag}.toml`)
  writeFileSync(runConfig, toml)
  return { config: runConfig, bundle, meta }
}

/**
 * A local D1 with the migrations applied and the demo site seeded, made once in `dir`/template: every
 * server of a run starts from a copy (two wrangler runs saved per server, ~10-20 s each on a busy machine).
 * All the bench's configs name the same database id, so the copy is the file each one opens.
 * @example
 * const template = prepareTemplate(built, tmp); await serveBuilt(built, dir, vars, { template })
 */
export function prepareTemplate(built, dir) {
  const persistTo = join(dir, 'template')
  prepareDb({ config: built.config, persistTo, seedSql: demoSeedSql() })
  return persistTo
}

/**
 * A fresh D1 in `persistTo`: a copy of `template` when given, else migrated and seeded here.
 * @example
 * freshDb(built, join(dir, 'state'), template)
 */
export function freshDb(built, persistTo, template) {
  if (template) cpSync(template, persistTo, { recursive: true })
  else prepareDb({ config: built.config, persistTo, seedSql: demoSeedSql() })
}

/**
 * Serves a built Worker (from `buildWorker`) under `wrangler dev` with a fresh D1 in `dir`/state,
 * seeded with the demo site (a copy of `template`, if given) and `extraSql`, if given; its log goes to
 * `dir`/dev.log.
 * @example
 * const w = await serveBuilt(built, dir, { ADMIN_TOKEN: 't' }) // w.url, w.pid, w.stop()
 */
export async function serveBuilt(built, dir, vars, { extraSql, state = 'state', log = 'dev.log', template } = {}) {
  const persistTo = join(dir, state)
  freshDb(built, persistTo, template)
  // more seed data (e.g. long-history leads), run after the demo site exists
  if (extraSql) wrangler(['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '-c', built.config, '--command', extraSql], { timeoutMs: 300_000 })
  const server = await startWorker({ config: built.config, persistTo, args: ['--no-bundle'], log: join(dir, log), vars })
  // profiles go to workerd's own inspector, not wrangler's proxy (inspector.mjs says why)
  server.inspector = await inspectorUrl(server)
  await primeInspector(server.inspector)
  return server
}
