// CPU profile of the Worker while it takes load, through the DevTools protocol that `wrangler dev`
// exposes on its inspector port, folded into self time per source module and per function.
import { readFileSync } from 'node:fs'
// ws comes with miniflare (wrangler dev's runtime); Node 20 has no WebSocket client of its own.
import WebSocket from 'ws'

/** The sampling interval every profile here is taken at, in µs. */
export const SAMPLE_INTERVAL_US = 200

/**
 * Starts the sampling profiler on the Worker, awaits `during()`, stops, and returns the raw profile
 * with what `during` returned. Each protocol call has a deadline, and the socket is torn down hard at
 * the end: workerd serves one inspector session at a time, and a session whose close handshake was
 * still pending left the next profile waiting for its answers forever (the bench's old stall).
 * @example
 * const { profile, value } = await profileWhile(server.inspector, () => runPhase(…))
 */
export async function profileWhile(inspector, during, { intervalUs = SAMPLE_INTERVAL_US, timeoutMs = 60_000 } = {}) {
  // a port is wrangler's inspector proxy; a URL names the isolate on workerd's own inspector (inspector.mjs)
  const url = typeof inspector === 'number' ? `ws://127.0.0.1:${inspector}/ws` : inspector
  const ws = new WebSocket(url)
  const closed = new Promise((ok) => ws.once('close', ok))
  const deadline = (what, promise) =>
    Promise.race([promise, new Promise((_, fail) => setTimeout(() => fail(new Error(`inspector at ${url}: no answer to ${what} in ${timeoutMs} ms`)), timeoutMs).unref())])
  let next = 0
  const pending = new Map()
  ws.on('message', (data) => {
    const m = JSON.parse(data)
    pending.get(m.id)?.(m)
    pending.delete(m.id)
  })
  const send = (method, params = {}) =>
    deadline(
      method,
      new Promise((ok) => {
        const id = ++next
        pending.set(id, ok)
        ws.send(JSON.stringify({ id, method, params }))
      }),
    )
  try {
    await deadline(
      'the connection',
      new Promise((ok, fail) => {
        ws.once('open', ok)
        ws.once('error', fail)
      }),
    )
    await send('Profiler.enable')
    await send('Profiler.setSamplingInterval', { interval: intervalUs })
    await send('Profiler.start')
    const value = await during()
    const { result } = await send('Profiler.stop')
    await send('Profiler.disable')
    return { profile: result.profile, value }
  } finally {
    ws.terminate()
    await deadline('the close', closed).catch(() => {})
  }
}

/**
 * `profileWhile`, tried again (up to `tries` in all) when the inspector does not answer: a profile that
 * could not be taken is retaken rather than stalling or failing the whole bench.
 * @example
 * const { profile, value } = await profileRetrying(server.inspector, () => runPhase(…))
 */
export async function profileRetrying(inspector, during, { tries = 3, log = (m) => process.stderr.write(`${m}\n`), ...opts } = {}) {
  for (let i = 1; ; i++) {
    try {
      return await profileWhile(inspector, during, opts)
    } catch (err) {
      if (i >= tries || !/^inspector at /.test(err.message)) throw err
      log(`  ! ${err.message}; profiling again (${i + 1} of ${tries})`)
    }
  }
}

/**
 * Folds a profile into self time (ms) per module and per function. Positions in the unminified
 * bundle map to modules through esbuild's `// path` markers; runtime internals keep their names.
 * @example
 * const s = summarise(profile, readFileSync('out/index.js', 'utf8'))
 * s.busyMs; s.byModule[0] // ['zod', 812]
 */
export function summarise(profile, bundleSource, capUs = SAMPLE_INTERVAL_US) {
  const moduleAt = moduleIndex(bundleSource)
  const self = new Map()
  // each sample counts at most one interval: see busyMs in isolate-cpu.mjs
  for (let i = 0; i < profile.samples.length; i++) {
    const node = profile.samples[i]
    self.set(node, (self.get(node) ?? 0) + Math.min(profile.timeDeltas[i] ?? 0, capUs))
  }
  const byModule = new Map()
  const byFunction = new Map()
  let totalUs = 0
  let idleUs = 0
  for (const { id, callFrame: cf } of profile.nodes) {
    const us = self.get(id) ?? 0
    totalUs += us
    if (cf.functionName === '(idle)') idleUs += us
    const mod = cf.url === 'index.js' ? groupOf(moduleAt[cf.lineNumber] ?? '?') : cf.url || cf.functionName
    byModule.set(mod, (byModule.get(mod) ?? 0) + us)
    const fn = `${cf.functionName || '(anonymous)'} — ${mod}`
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us)
  }
  const top = (m, n) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => [k, Math.round(us / 100) / 10])
  return { totalMs: totalUs / 1000, busyMs: (totalUs - idleUs) / 1000, byModule: top(byModule, 15), byFunction: top(byFunction, 25) }
}

function moduleIndex(src) {
  const out = []
  let cur = '(bundle prelude)'
  for (const line of src.split('\n')) {
    const m = /^\/\/ (\S+\.[cm]?[jt]s)$/.exec(line)
    if (m) cur = m[1]
    out.push(cur)
  }
  return out
}

function groupOf(file) {
  const i = file.lastIndexOf('node_modules/')
  if (i < 0) return file
  const parts = file.slice(i + 13).split('/')
  return parts[0].startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

/**
 * Reads a bundle for `summarise`.
 */
export const bundleText = (file) => readFileSync(file, 'utf8')
