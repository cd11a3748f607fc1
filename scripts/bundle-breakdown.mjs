#!/usr/bin/env node
// `node scripts/bundle-breakdown.mjs [outdir]`: what the deployed Worker bundle is made of. Builds it as
// `wrangler deploy` does (or reads an existing `--outdir` with index.js and index.js.map), attributes
// every output byte to its source through the source map, and prints per group (npm package by name,
// our code by top folder) its minified bytes and the gzip size of its bytes alone (gzip of a part is
// more than its share of the whole, so the column sums to more than the bundle's gzip).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { decodedMappings, TraceMap } from '@jridgewell/trace-mapping'

const ROOT = fileURLToPath(new URL('../', import.meta.url))

/**
 * npm packages by name, our code by folder (worker/ by its sub-folder). `source` is a source-map path,
 * relative to `outdir`. drizzle-orm maps to its TypeScript sources ("node_modules/src/…").
 * @example
 * groupOf('/repo/node_modules/zod/v4/core/api.js', '/') // 'zod'
 */
export function groupOf(source, outdir) {
  const file = relative(ROOT, resolve(outdir, source))
  if (file.startsWith('node_modules/src/')) return 'drizzle-orm'
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)
  if (pkg) return pkg[1]
  const parts = file.split('/')
  return parts[0] === 'worker' && parts.length > 2 ? `worker/${parts[1]}` : parts.length > 1 ? parts[0] : file
}

/**
 * Per group: minified bytes and gzip bytes of those bytes alone, biggest first, with the totals and
 * the gzip of all our code alone and of all library code alone.
 * @example
 * breakdown('/tmp/out') // { rawBytes, gzipBytes, oursGzipAlone, librariesGzipAlone, groups: [{ group: 'zod', bytes: 85619, gzipAlone: 23962 }, …] }
 */
export function breakdown(outdir) {
  const code = readFileSync(join(outdir, 'index.js'), 'utf8')
  const map = new TraceMap(readFileSync(join(outdir, 'index.js.map'), 'utf8'))
  const lines = code.split('\n')
  const parts = new Map()
  const add = (g, s) => parts.set(g, (parts.get(g) ?? '') + s)
  decodedMappings(map).forEach((segs, li) => {
    const line = lines[li] ?? ''
    let at = 0
    segs.forEach((seg, i) => {
      if (seg[0] > at) add('(unmapped)', line.slice(at, seg[0]))
      const end = i + 1 < segs.length ? segs[i + 1][0] : line.length
      add(seg.length > 1 ? groupOf(map.sources[seg[1]] ?? '', outdir) : '(unmapped)', line.slice(seg[0], end))
      at = end
    })
    if (at < line.length) add('(unmapped)', line.slice(at))
  })
  const isOurs = (g) => /^(worker|schema|snippet)\b/.test(g)
  const joined = (pred) => [...parts].filter(([g]) => pred(g)).map(([, t]) => t).join('')
  const gzipOf = (t) => gzipSync(t).length
  const split = { oursGzipAlone: gzipOf(joined(isOurs)), librariesGzipAlone: gzipOf(joined((g) => !isOurs(g))) }
  const groups = [...parts].map(([group, s]) => ({ group, bytes: Buffer.byteLength(s), gzipAlone: gzipSync(s).length })).sort((a, b) => b.bytes - a.bytes)
  return { rawBytes: Buffer.byteLength(code), gzipBytes: gzipSync(code).length, groups, ...split }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  let out = process.argv[2]
  if (!out) {
    out = mkdtempSync(join(tmpdir(), 'lb-breakdown-'))
    const r = spawnSync(process.execPath, ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--outdir', out], { encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } })
    if (r.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${r.stdout}\n${r.stderr}`)
  }
  const b = breakdown(out)
  console.log(`bundle: ${b.rawBytes} B minified, ${b.gzipBytes} B gzip`)
  for (const g of b.groups) console.log(`${String(g.bytes).padStart(8)} ${String(g.gzipAlone).padStart(7)}  ${g.group}`)
  const ours = b.groups.filter((g) => /^(worker|schema|snippet)\b/.test(g.group))
  const bytes = ours.reduce((n, g) => n + g.bytes, 0)
  console.log(`ours (worker/, schema/): ${bytes} B minified (${Math.round((100 * bytes) / b.rawBytes)}%), ${b.oursGzipAlone} B gzip alone`)
  console.log(`libraries: ${b.rawBytes - bytes} B minified, ${b.librariesGzipAlone} B gzip alone`)
}
