// Sizes: the snippet as the running Worker serves it, and the Worker bundle `wrangler deploy` uploads.
import { readFileSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/**
 * Raw, gzip (-9) and brotli (quality 11, text mode) bytes of some content: the compressions a CDN
 * serves, at their best settings, so the figure is what a visitor downloads at most.
 * @example
 * compressedSizes(Buffer.from('var a=1')) // { rawBytes: 7, gzipBytes: 27, brotliBytes: 11 }
 */
export function compressedSizes(buf) {
  return {
    rawBytes: buf.length,
    gzipBytes: gzipSync(buf, { level: 9 }).length,
    brotliBytes: brotliCompressSync(buf, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length,
  }
}

/**
 * Fetches `/s.js` from the running Worker uncompressed and measures it; null sizes (with the reason)
 * when the Worker does not serve it.
 * @example
 * const s = await snippetSizes('http://127.0.0.1:8787') // { rawBytes, gzipBytes, brotliBytes, status }
 */
export async function snippetSizes(base) {
  const r = await fetch(`${base}/s.js`, { headers: { 'accept-encoding': 'identity' }, signal: AbortSignal.timeout(10_000) })
  const buf = Buffer.from(await r.arrayBuffer())
  const type = r.headers.get('content-type') ?? ''
  if (!r.ok || !/javascript/.test(type)) {
    return { rawBytes: null, gzipBytes: null, brotliBytes: null, note: `GET /s.js answered ${r.status} ${type}` }
  }
  return { ...compressedSizes(buf), note: null, cacheControl: r.headers.get('cache-control') }
}

/**
 * Gzip size of a bundle, as Cloudflare's size limit counts it (default gzip level, like wrangler's
 * "Total Upload … / gzip" line).
 * @example
 * bundleGzipBytes('/tmp/lb-bench/ours/out/index.js') // 215000
 */
export function bundleGzipBytes(file) {
  const buf = readFileSync(file)
  return { rawBytes: buf.length, gzipBytes: gzipSync(buf).length }
}

/**
 * The biggest contributors to a bundle, from esbuild's metafile: npm packages by name, our own code
 * by folder. `bytes` is what each puts into the output before compression.
 * @example
 * topInputs('/tmp/lb-bench/ours/meta.json', 8) // [{ input: 'zod', bytes: 780000, share: 0.66 }, …]
 */
export function topInputs(metaFile, n = 10) {
  const meta = JSON.parse(readFileSync(metaFile, 'utf8'))
  const [, out] = Object.entries(meta.outputs).find(([k]) => k.endsWith('.js'))
  const by = new Map()
  for (const [file, { bytesInOutput }] of Object.entries(out.inputs)) {
    const key = groupOf(file)
    by.set(key, (by.get(key) ?? 0) + bytesInOutput)
  }
  const total = [...by.values()].reduce((a, b) => a + b, 0)
  return [...by.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([input, bytes]) => ({ input, bytes, share: bytes / total }))
}

function groupOf(file) {
  const i = file.lastIndexOf('node_modules/')
  if (i >= 0) {
    const parts = file.slice(i + 'node_modules/'.length).split('/')
    const pkg = parts[0].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
    // zod v4 ships every locale; name them apart so their share is visible.
    if (pkg === 'zod' && parts.includes('locales')) return 'zod (locales)'
    return pkg
  }
  const parts = file.replace(/^(\.\.\/)+/, '').split('/')
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts.join('/')
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const round1 = (x) => Math.round(x * 10) / 10

/**
 * Cold start of a Worker bundle, median of `runs` fresh starts each, in two ways:
 * - `scriptMs`: CPU time of V8 compiling and evaluating the bundle's top level (what Cloudflare's
 *   "startup time" counts), in a fresh Node process, minus the same for an empty module;
 * - `firstResponseMs`: workerd (Miniflare) started with the bundle until it answers a first request that
 *   touches no binding (a 404), minus the same for a one-line Worker (workerd's own start).
 * Both are local and include this machine's other load: compare them with each other, run to run.
 * @example
 * await coldStart('/tmp/lb-bench/ours/out/index.js') // { scriptMs: 180.2, firstResponseMs: 95.4, runs: 5 }
 */
export async function coldStart(bundle, { runs = 5 } = {}) {
  const { spawnSync } = await import('node:child_process')
  const { mkdtempSync, copyFileSync, writeFileSync, rmSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const { join } = await import('node:path')
  const dir = mkdtempSync(join(tmpdir(), 'lb-coldstart-'))
  try {
    const ours = join(dir, 'worker.mjs')
    const empty = join(dir, 'empty.mjs')
    copyFileSync(bundle, ours)
    writeFileSync(empty, 'export default { fetch() { return new Response(null, { status: 404 }) } }\n')
    const evalMs = (file) => {
      // CPU time, not wall time: steadier on a shared machine, and what the platform limits
      const code = `const c = process.cpuUsage(); import(${JSON.stringify(file)}).then(() => { const d = process.cpuUsage(c); process.stdout.write(String((d.user + d.system) / 1000)) })`
      const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' })
      if (r.status !== 0) throw new Error(`evaluating ${file} failed: ${r.stderr}`)
      return Number(r.stdout)
    }
    const { Miniflare } = await import('miniflare')
    const firstResponse = async (file) => {
      const t = performance.now()
      const mf = new Miniflare({
        modules: [{ type: 'ESModule', path: 'index.js', contents: (await import('node:fs')).readFileSync(file, 'utf8') }],
        compatibilityDate: '2026-04-20',
        compatibilityFlags: ['nodejs_compat'],
        d1Databases: ['DB'],
        bindings: { ENVIRONMENT: 'local', ADMIN_TOKEN: 'cold-start' },
      })
      try {
        const r = await mf.dispatchFetch('http://127.0.0.1/no-such-route')
        await r.arrayBuffer()
        return performance.now() - t
      } finally {
        await mf.dispose()
      }
    }
    const script = []
    const first = []
    for (let i = 0; i < runs; i++) {
      script.push(evalMs(ours) - evalMs(empty))
      first.push((await firstResponse(ours)) - (await firstResponse(empty)))
    }
    return { scriptMs: round1(median(script)), firstResponseMs: round1(median(first)), runs }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
