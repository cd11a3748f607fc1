import { describe, expect, it } from 'vitest'
import { cycles, importGraph, unitGraph, upwardImports } from '../support/import-graph'

const root = process.cwd()
const graph = importGraph(root, 'worker')

describe('worker/ layers', () => {
  it('reads the real graph (type-only imports and re-exports included)', () => {
    expect(graph.size).toBeGreaterThan(80)
    // a type-only import and a re-export the checker must see
    expect(graph.get('worker/scoring/types.ts')).toContain('schema/lead-values.ts')
    expect(graph.get('worker/ingest/validate.ts')).toContain('worker/http/problem.ts')
  })

  it('has no import that points up or sideways', () => {
    expect(upwardImports(graph)).toEqual([])
  })

  it('has no import cycle between files', () => {
    expect(cycles(graph)).toEqual([])
  })

  it('has no import cycle between folders', () => {
    expect(cycles(unitGraph(graph))).toEqual([])
  })
})

describe('the layer checker', () => {
  it('fails on an upward import, even a type-only one', () => {
    const fake = new Map([
      ['worker/db/site-settings.ts', ['worker/routes/sites.ts', 'worker/scoring/time.ts']],
      ['worker/routes/sites.ts', ['worker/db/site-settings.ts']],
    ])
    expect(upwardImports(fake)).toEqual(['worker/db/site-settings.ts → worker/routes/sites.ts (db may not import routes)'])
  })

  it("fails on an import past a folder's public surface", () => {
    expect(upwardImports(new Map([['worker/cron.ts', ['worker/alerts/outbox.ts', 'worker/alerts/index.ts']]]))).toEqual([
      'worker/cron.ts → worker/alerts/outbox.ts (use worker/alerts/index.ts)',
    ])
  })

  it('fails on a unit no layer names', () => {
    expect(upwardImports(new Map([['worker/nowhere/x.ts', []]]))).toEqual(['worker/nowhere/x.ts: its unit nowhere is in no layer'])
  })

  it('finds cycles of files and of folders', () => {
    const fake = new Map([
      ['worker/db/a.ts', ['worker/alerts/b.ts']],
      ['worker/alerts/b.ts', ['worker/db/c.ts']],
      ['worker/db/c.ts', []],
    ])
    expect(cycles(fake)).toEqual([])
    expect(cycles(unitGraph(fake))).toEqual([['alerts', 'db']])
    expect(cycles(new Map([['x', ['y']], ['y', ['z']], ['z', ['x']]]))).toEqual([['x', 'y', 'z']])
    expect(cycles(new Map([['x', ['x']]]))).toEqual([['x']])
  })
})
