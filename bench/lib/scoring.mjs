// Runs bench/lib/scoring-bench.ts in this Node process: esbuild bundles it (with the engine it imports)
// into the bench's temp dir, since Node 20 cannot import TypeScript itself.
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'

/**
 * Bundles and runs the scoring bench; returns its figures (see ScoringFigures in scoring-bench.ts).
 * @example
 * const f = await scoringFigures('/tmp/lb-bench', { minMs: 2000 })
 */
export async function scoringFigures(tmp, { minMs = 2_000 } = {}) {
  const outfile = join(tmp, 'scoring-bench.mjs')
  await build({
    entryPoints: [resolve('bench/lib/scoring-bench.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'error',
  })
  const mod = await import(pathToFileURL(outfile).href)
  return mod.runScoringBench({ minMs, end: Date.now() })
}
