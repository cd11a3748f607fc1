import { describe, expect, it } from 'vitest'
import { leadHistory, rateOverSlices } from '../lib/scoring-bench'

const END = Date.parse('2026-11-01T12:00:00Z')

describe('scoring bench history', () => {
  const h = leadHistory({ sessions: 15, end: END })

  it('replays 15 sessions of 20 events in 10-event batches, as ingest receives them', () => {
    expect(h.batches).toHaveLength(30)
    expect(h.batches.every((b) => b.events.length === 10)).toBe(true)
    const ids = h.batches.flatMap((b) => b.events.map((e) => e.id))
    expect(new Set(ids).size).toBe(300)
  })

  it('goes forward in time, each batch at its newest event, within 30 days of the end', () => {
    for (const [i, b] of h.batches.entries()) {
      expect(Math.max(...b.events.map((e) => e.at))).toBe(b.now)
      if (i > 0) expect(b.now).toBeGreaterThan(h.batches[i - 1].now)
    }
    expect(h.batches.at(-1)!.now).toBeLessThanOrEqual(END)
    expect(h.batches[0].now).toBeGreaterThan(END - 30 * 86_400_000)
  })

  it('holds what ingest would score: server-side event types and the identified profile', () => {
    const types = new Set(h.batches.flatMap((b) => b.events.map((e) => e.type)))
    expect(types).toContain('page_view')
    expect(types).toContain('engaged')
    expect(types).toContain('form_submit')
    expect(h.profile.email).toBe('ana@acme1.io')
    expect(h.profile.company).toBe('Acme1')
  })

  it('measures work per second in slices, best and median', () => {
    let calls = 0
    const r = rateOverSlices(
      () => {
        calls++
        return 5
      },
      { slices: 3, sliceMs: 5 },
    )
    expect(r.runs).toBe(calls - 1) // the warm-up call is not counted
    expect(r.median).toBeGreaterThan(0)
    expect(r.best).toBeGreaterThanOrEqual(r.median)
  })
})
