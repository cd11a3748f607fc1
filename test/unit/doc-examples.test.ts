import { describe, expect, it } from 'vitest'
import { checkExamples, extractExamples } from '../support/doc-examples'

const root = process.cwd()

describe('@example blocks in worker/', () => {
  it('every example compiles against the module it documents', { timeout: 240_000 }, () => {
    const examples = extractExamples(root, 'worker')
    expect(examples.length).toBeGreaterThan(100)
    expect(checkExamples(root, examples)).toEqual([])
  })

  it('fails on an example that calls a function with the wrong arguments', { timeout: 240_000 }, () => {
    const stale = { file: 'worker/scoring/time.ts', line: 1, code: "iso('yesterday', 2)" }
    const good = { file: 'worker/scoring/time.ts', line: 2, code: 'const s: string = iso(0)' }
    const failures = checkExamples(root, [stale, good])
    expect(failures).toHaveLength(1)
    expect(failures[0]).toContain('worker/scoring/time.ts:1:')
  })
})
