#!/usr/bin/env node
// `node bench/cold-start.mjs [bundle.js …]`: cold start of built Worker bundles in workerd (Miniflare),
// from creating the runtime to the first `GET /health` 200, with a fresh local D1 each time. Runs the
// bundles in alternating rounds (the machine is shared, so phases drift) and prints each one's median
// and min in ms. workerd's own start dominates that figure, so it also times what the bundle itself
// costs V8: parsing and evaluating its top level (route and schema construction) in a fresh Node
// process — the bundle imports nothing, so Node can load it as workerd does. Without arguments it builds the Worker as wrangler.toml says (`wrangler deploy
// --dry-run`) and measures that. Also checks the bundle answers a bad ingest batch in English.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Miniflare } from 'miniflare'

const ROUNDS = Number(process.env.ROUNDS ?? 7)

function buildWorker() {
  const out = mkdtempSync(join(tmpdir(), 'lb-cold-'))
  const r = spawnSync(process.execPath, ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--outdir', out], {
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
  })
  if (r.status !== 0) throw new Error(`wrangler build failed:\n${r.stdout}\n${r.stderr}`)
  return join(out, 'index.js')
}

/** One cold start: a new workerd with the bundle, until `/health` answers 200. */
async function coldStart(bundle, check = false) {
  const t0 = performance.now()
  const mf = new Miniflare({
    // the code only (not by path: workerd would follow the bundle's source-map comment)
    modules: [{ type: 'ESModule', path: 'index.js', contents: readFileSync(bundle, 'utf8') }],
    compatibilityDate: '2026-04-20',
    compatibilityFlags: ['nodejs_compat'],
    d1Databases: ['DB'],
    d1Persist: false,
    bindings: { ENVIRONMENT: 'local', ADMIN_TOKEN: 'cold-start' },
    ratelimits: { RL_INGEST: { simple: { limit: 300, period: 60 } }, RL_API: { simple: { limit: 600, period: 60 } } },
  })
  try {
    const r = await mf.dispatchFetch('http://127.0.0.1/health')
    await r.arrayBuffer()
    const ms = performance.now() - t0
    if (check) {
      const bad = await mf.dispatchFetch('http://127.0.0.1/e', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ s: 'x', v: 'v1', e: [{ t: 'pv', i: 'a', ts: 'soon', p: '/' }] }) })
      console.log(`bad batch: ${bad.status} ${await bad.text()}`)
    }
    return { ms, status: r.status }
  } finally {
    await mf.dispose()
  }
}

/** Parse + top-level evaluation of the bundle in a fresh V8 (Node), in ms. */
function evalTime(bundle) {
  const code = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(performance.now() - t)`
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(r.stderr)
  return Number(r.stdout.trim())
}

const bundles = process.argv.slice(2).length ? process.argv.slice(2) : [buildWorker()]
const times = bundles.map(() => [])
const evals = bundles.map(() => [])
for (const b of bundles) {
  console.log(`${b}: ${readFileSync(b).length} B`)
  await coldStart(b, true) // warms the disk cache and workerd's binary
}
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, b] of bundles.entries()) {
    const { ms, status } = await coldStart(b)
    if (status !== 200 && status !== 503) throw new Error(`${b}: /health answered ${status}`)
    times[i].push(ms)
    evals[i].push(evalTime(b))
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
for (const [i, b] of bundles.entries()) {
  console.log(`${b}: cold start to first /health median ${median(times[i]).toFixed(0)} ms, min ${Math.min(...times[i]).toFixed(0)} ms (${ROUNDS} rounds)`)
  console.log(`${b}: parse + top-level evaluation median ${median(evals[i]).toFixed(1)} ms, min ${Math.min(...evals[i]).toFixed(1)} ms`)
}
