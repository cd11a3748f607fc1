import { describe, expect, it } from 'vitest'
import { DEFAULT_MODEL } from '../../../worker/scoring/default-model'
import { decideStage, type StageInput, type StagePrev } from '../../../worker/scoring/stage'
import { DAY, T0 } from './helpers'

const NOW = T0 + 100 * DAY
const RECYCLED_AT = NOW - 2 * DAY
const opts = { cooldownDays: 30 }
const recycled = (extra: Partial<StagePrev> = {}): StagePrev => ({
  stage: 'recycled', mqlAt: T0, sqlAt: T0 + DAY, lastSeenAt: NOW - DAY, recycledAt: RECYCLED_AT, ...extra,
})
const result = (score: number, extra: Partial<StageInput> = {}): StageInput => ({ score, handRaise: null, lastActivityAt: NOW, ...extra })
const demo = (at: number) => ({ eventId: 'e1', at, rule: 'hand-raise:event:demo_requested' })

describe('decideStage for a recycled lead', () => {
  it('the hand-raise sales already answered does not make it SQL again', () => {
    const d = decideStage(recycled({ scoreBefore: 20 }), result(25, { handRaise: demo(RECYCLED_AT - 1) }), DEFAULT_MODEL, NOW, opts)
    expect(d).toEqual({ stage: 'recycled', mqlAt: T0, sqlAt: T0 + DAY, transitions: [] })
  })

  it('a hand-raise after the recycle is a new SQL, with a new sqlAt', () => {
    const d = decideStage(recycled({ scoreBefore: 20 }), result(25, { handRaise: demo(RECYCLED_AT + 1) }), DEFAULT_MODEL, NOW, opts)
    expect(d).toEqual({
      stage: 'sql', mqlAt: T0, sqlAt: NOW,
      transitions: [{ to: 'sql', at: NOW, reason: 'hand-raise after recycling: hand-raise:event:demo_requested', reengaged: false }],
    })
  })

  it('a score still over the SQL line is not a crossing; coming from below is', () => {
    expect(decideStage(recycled({ scoreBefore: 180 }), result(190), DEFAULT_MODEL, NOW, opts).transitions).toEqual([])
    expect(decideStage(recycled({ scoreBefore: 160 }), result(175), DEFAULT_MODEL, NOW, opts)).toMatchObject({ stage: 'sql', sqlAt: NOW })
  })

  it('crossing the MQL line from below makes it an MQL again', () => {
    expect(decideStage(recycled({ scoreBefore: 90 }), result(110), DEFAULT_MODEL, NOW, opts)).toMatchObject({ stage: 'mql', mqlAt: NOW, transitions: [{ to: 'mql' }] })
    expect(decideStage(recycled({ scoreBefore: 120 }), result(130), DEFAULT_MODEL, NOW, opts).transitions).toEqual([])
  })

  it('an MQL after a recycle still ignores the answered hand-raise', () => {
    const d = decideStage({ ...recycled(), stage: 'mql', scoreBefore: 110 }, result(120, { handRaise: demo(RECYCLED_AT - 1) }), DEFAULT_MODEL, NOW, opts)
    expect(d.transitions).toEqual([])
  })
})
