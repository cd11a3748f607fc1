import { describe, expect, it } from 'vitest'
import { type CpuProfile, summarise } from '../lib/cpu-profile.mjs'

// A bundle as esbuild writes it (unminified): each module's code follows a `// path` line.
const bundle = [
  'var __defProp = Object.defineProperty;', // line 0: prelude
  '// node_modules/drizzle-orm/entity.js', // 1
  'function is(value, type) {', // 2
  '}', // 3
  '// worker/ingest/plan.ts', // 4
  'function planIngest(input) {', // 5
].join('\n')

const frame = (id: number, functionName: string, url: string, lineNumber: number) => ({ id, callFrame: { functionName, url, lineNumber, columnNumber: 0 } })

describe('cpu profile summary', () => {
  const profile: CpuProfile = {
    nodes: [frame(1, '(idle)', '', -1), frame(2, 'is', 'index.js', 2), frame(3, 'planIngest', 'index.js', 5), frame(4, 'toJson', 'cloudflare-internal:d1-api', 10)],
    // node ids sampled, with the µs since the previous sample
    samples: [1, 2, 2, 3, 4, 1],
    timeDeltas: [1000, 2000, 2000, 500, 300, 4000],
  }

  it('folds self time into modules by the bundle’s markers, runtime internals by url', () => {
    const s = summarise(profile, bundle, Number.POSITIVE_INFINITY)
    expect(s.totalMs).toBeCloseTo(9.8)
    expect(s.busyMs).toBeCloseTo(4.8)
    expect(s.byModule).toEqual([
      ['(idle)', 5],
      ['drizzle-orm', 4],
      ['worker/ingest/plan.ts', 0.5],
      ['cloudflare-internal:d1-api', 0.3],
    ])
    expect(s.byFunction[1]).toEqual(['is — drizzle-orm', 4])
  })

  it('counts each sample as at most one sampling interval by default (a gap is other isolates’ time)', () => {
    const s = summarise(profile, bundle)
    expect(s.totalMs).toBeCloseTo(1.2)
    expect(s.busyMs).toBeCloseTo(0.8)
    expect(s.byModule).toContainEqual(['drizzle-orm', 0.4])
    expect(s.byModule).toContainEqual(['worker/ingest/plan.ts', 0.2])
  })
})
