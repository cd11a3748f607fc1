#!/usr/bin/env node
// `node bench/size-whatif.mjs`: what the Worker bundle would weigh with cheap changes, to size the
// fix for a `worker.gzipBytes` miss. Bundles worker/index.ts with esbuild roughly as wrangler does
// (ESM, workerd conditions, node:* external) three ways — unminified, minified, and minified with zod's
// 40-odd locales left out (zod's `z` namespace object drags every locale in; only English is used) —
// and prints gzip sizes and the biggest inputs of the last. Diagnostic only.
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const noZodLocales = {
  name: 'no-zod-locales',
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (a) => (a.importer.includes('/zod/') ? { path: 'zod-locales', namespace: 'stub' } : undefined))
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export {}', loader: 'js' }))
  },
}

const variants = [
  ['unminified', false, []],
  ['minified (as deployed)', true, []],
  ['minify, without zod locales', true, [noZodLocales]],
]
let last
for (const [label, minify, plugins] of variants) {
  const r = await build({
    entryPoints: ['worker/index.ts'],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    external: ['node:*', 'cloudflare:*'],
    minify,
    write: false,
    metafile: true,
    plugins,
    logLevel: 'error',
  })
  const code = r.outputFiles[0].contents
  console.log(`${label.padEnd(30)} ${String(code.length).padStart(9)} B raw ${String(gzipSync(code).length).padStart(8)} B gzip`)
  last = r.metafile
}

const [, out] = Object.entries(last.outputs)[0]
const by = new Map()
for (const [file, { bytesInOutput }] of Object.entries(out.inputs)) {
  const i = file.lastIndexOf('node_modules/')
  const parts = i >= 0 ? file.slice(i + 13).split('/') : file.split('/')
  const key = i >= 0 ? (parts[0].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]) : parts.slice(0, 2).join('/')
  by.set(key, (by.get(key) ?? 0) + bytesInOutput)
}
console.log('\nbiggest inputs of the last variant (minified bytes):')
for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${String(v).padStart(9)}  ${k}`)
