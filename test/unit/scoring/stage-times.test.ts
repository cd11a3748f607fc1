import { describe, expect, it } from 'vitest'
import { DEFAULT_MODEL } from '../../../worker/scoring/default-model'
import { decideStage, type StageInput, type StagePrev } from '../../../worker/scoring/stage'
import { DAY, T0 } from './helpers'

const NOW = T0 + 100 * DAY
const HOUR = DAY / 24
const known: StagePrev = { stage: 'known', mqlAt: null, sqlAt: null, lastSeenAt: null }
const result = (score: number, extra: Partial<StageInput> = {}): StageInput => ({ score, handRaise: null, lastActivityAt: NOW, ...extra })
const demo = (at: number) => ({ eventId: 'e1', at, rule: 'hand-raise:event:demo_requested' })
const batch = (from: number, to: number) => ({ cooldownDays: 30, events: { from, to } })

describe('decideStage dates transitions by the scored events', () => {
  it('without an event span (a rescore, an import) a transition is dated now', () => {
    expect(decideStage(known, result(120), DEFAULT_MODEL, NOW, { cooldownDays: 30 }).transitions[0].at).toBe(NOW)
  })

  it('a hand-raise in the batch dates the SQL transition and both stage times; a score crossing, the newest event', () => {
    const d = decideStage(known, result(20, { handRaise: demo(NOW - 2 * DAY) }), DEFAULT_MODEL, NOW, batch(NOW - 3 * DAY, NOW - DAY))
    expect(d).toMatchObject({ stage: 'sql', mqlAt: NOW - 2 * DAY, sqlAt: NOW - 2 * DAY, transitions: [{ to: 'sql', at: NOW - 2 * DAY }] })
    const m = decideStage(known, result(120), DEFAULT_MODEL, NOW, batch(NOW - 3 * DAY, NOW - DAY))
    expect(m).toMatchObject({ stage: 'mql', mqlAt: NOW - DAY, transitions: [{ to: 'mql', at: NOW - DAY }] })
  })

  it('a hand-raise outside the batch does not date it (the newest event does)', () => {
    const d = decideStage(known, result(20, { handRaise: demo(NOW - 10 * DAY) }), DEFAULT_MODEL, NOW, batch(NOW - 3 * DAY, NOW - DAY))
    expect(d.sqlAt).toBe(NOW - DAY)
  })

  it('never before the lead’s earlier stage times or its recycle, never after now', () => {
    const mql: StagePrev = { stage: 'mql', mqlAt: NOW - HOUR, sqlAt: null, lastSeenAt: NOW - HOUR }
    expect(decideStage(mql, result(200), DEFAULT_MODEL, NOW, batch(NOW - 3 * DAY, NOW - 2 * DAY)).sqlAt).toBe(NOW - HOUR)
    const recycled: StagePrev = { stage: 'recycled', mqlAt: T0, sqlAt: T0 + DAY, lastSeenAt: NOW - 3 * DAY, recycledAt: NOW - 2 * HOUR, scoreBefore: 20 }
    expect(decideStage(recycled, result(200), DEFAULT_MODEL, NOW, batch(NOW - 2 * DAY, NOW - DAY)).transitions[0]).toMatchObject({ to: 'sql', at: NOW - 2 * HOUR })
    expect(decideStage(known, result(120), DEFAULT_MODEL, NOW, batch(NOW - DAY, NOW + DAY)).mqlAt).toBe(NOW)
  })
})
