import { describe, expect, it } from 'vitest'
import { DEFAULT_MODEL } from '../../../worker/scoring/default-model'
import { decideStage, type StageInput, type StagePrev } from '../../../worker/scoring/stage'
import { DAY, T0 } from './helpers'

const NOW = T0 + 100 * DAY
const opts = { cooldownDays: 30 }
const known: StagePrev = { stage: 'known', mqlAt: null, sqlAt: null, lastSeenAt: NOW - DAY }
const result = (score: number, extra: Partial<StageInput> = {}): StageInput => ({ score, handRaise: null, lastActivityAt: NOW, ...extra })
const demo = (at = NOW) => ({ eventId: 'e1', at, rule: 'hand-raise:event:demo_requested' })

describe('decideStage', () => {
  it('known stays known below the MQL line', () => {
    expect(decideStage(known, result(99), DEFAULT_MODEL, NOW, opts)).toEqual({ stage: 'known', mqlAt: null, sqlAt: null, transitions: [] })
  })

  it('known → mql at the MQL line', () => {
    expect(decideStage(known, result(100), DEFAULT_MODEL, NOW, opts)).toEqual({
      stage: 'mql', mqlAt: NOW, sqlAt: null, transitions: [{ to: 'mql', at: NOW, reason: 'score 100 ≥ MQL threshold 100', reengaged: false }],
    })
  })

  it('known → sql in one step records mqlAt too, but only one transition', () => {
    const d = decideStage(known, result(170), DEFAULT_MODEL, NOW, opts)
    expect(d).toMatchObject({ stage: 'sql', mqlAt: NOW, sqlAt: NOW })
    expect(d.transitions).toEqual([{ to: 'sql', at: NOW, reason: 'score 170 ≥ SQL threshold 170', reengaged: false }])
  })

  it('a hand-raise makes a lead SQL at once, whatever its points', () => {
    const d = decideStage(known, result(3, { handRaise: demo() }), DEFAULT_MODEL, NOW, opts)
    expect(d.stage).toBe('sql')
    expect(d.transitions.map((t) => t.reason)).toEqual(['hand-raise: hand-raise:event:demo_requested'])
  })

  it('mql → sql keeps the original mqlAt', () => {
    const prev: StagePrev = { stage: 'mql', mqlAt: T0, sqlAt: null, lastSeenAt: NOW - DAY }
    expect(decideStage(prev, result(180), DEFAULT_MODEL, NOW, opts)).toMatchObject({ stage: 'sql', mqlAt: T0, sqlAt: NOW })
  })

  it('stages never go back down when the score decays', () => {
    const mql: StagePrev = { stage: 'mql', mqlAt: T0, sqlAt: null, lastSeenAt: NOW - DAY }
    const sql: StagePrev = { stage: 'sql', mqlAt: T0, sqlAt: T0, lastSeenAt: NOW - DAY }
    expect(decideStage(mql, result(0), DEFAULT_MODEL, NOW, opts)).toEqual({ stage: 'mql', mqlAt: T0, sqlAt: null, transitions: [] })
    expect(decideStage(sql, result(-20), DEFAULT_MODEL, NOW, opts)).toEqual({ stage: 'sql', mqlAt: T0, sqlAt: T0, transitions: [] })
  })

  it('accepted and disqualified are set by sales; ingest never changes them', () => {
    for (const stage of ['accepted', 'disqualified'] as const) {
      const prev: StagePrev = { stage, mqlAt: null, sqlAt: null, lastSeenAt: T0 }
      expect(decideStage(prev, result(500, { handRaise: demo() }), DEFAULT_MODEL, NOW, opts)).toEqual({ stage, mqlAt: null, sqlAt: null, transitions: [] })
    }
  })

  it('an SQL already alerted does not re-alert while active', () => {
    const sql: StagePrev = { stage: 'sql', mqlAt: T0, sqlAt: T0, lastSeenAt: NOW - 2 * DAY }
    expect(decideStage(sql, result(200, { handRaise: demo() }), DEFAULT_MODEL, NOW, opts).transitions).toEqual([])
  })

  describe('re-alerts after going cold', () => {
    const coldSql: StagePrev = { stage: 'sql', mqlAt: T0, sqlAt: T0, lastSeenAt: NOW - 40 * DAY }
    const coldMql: StagePrev = { stage: 'mql', mqlAt: T0, sqlAt: null, lastSeenAt: NOW - 40 * DAY }

    it('a new hand-raise after the cooldown re-alerts (reengaged), without moving sqlAt', () => {
      const d = decideStage(coldSql, result(20, { handRaise: demo() }), DEFAULT_MODEL, NOW, opts)
      expect(d).toMatchObject({ stage: 'sql', sqlAt: T0 })
      expect(d.transitions).toEqual([{ to: 'sql', at: NOW, reason: 'hand-raise again after 40 quiet days: hand-raise:event:demo_requested', reengaged: true }])
    })

    it('an old hand-raise does not count as new', () => {
      expect(decideStage(coldSql, result(20, { handRaise: demo(T0) }), DEFAULT_MODEL, NOW, opts).transitions).toEqual([])
    })

    it('crossing the line again re-alerts; with scoreBefore it must come from below', () => {
      expect(decideStage(coldSql, result(175), DEFAULT_MODEL, NOW, opts).transitions[0]).toMatchObject({ to: 'sql', reengaged: true })
      expect(decideStage({ ...coldSql, scoreBefore: 120 }, result(175), DEFAULT_MODEL, NOW, opts).transitions[0]?.reengaged).toBe(true)
      expect(decideStage({ ...coldSql, scoreBefore: 171 }, result(175), DEFAULT_MODEL, NOW, opts).transitions).toEqual([])
      expect(decideStage(coldMql, result(105), DEFAULT_MODEL, NOW, opts).transitions).toEqual([
        { to: 'mql', at: NOW, reason: 'back after 40 quiet days: score 105 ≥ MQL threshold 100', reengaged: true },
      ])
    })

    it('not before the cooldown, not without new activity, not when disabled', () => {
      const recent: StagePrev = { ...coldMql, lastSeenAt: NOW - 29 * DAY }
      expect(decideStage(recent, result(105), DEFAULT_MODEL, NOW, opts).transitions).toEqual([])
      expect(decideStage(coldMql, result(105, { lastActivityAt: coldMql.lastSeenAt }), DEFAULT_MODEL, NOW, opts).transitions).toEqual([])
      expect(decideStage(coldMql, result(105), DEFAULT_MODEL, NOW, { cooldownDays: 0 }).transitions).toEqual([])
    })

    it('a cold MQL that now crosses SQL becomes SQL (a first SQL, not a re-alert)', () => {
      expect(decideStage(coldMql, result(190), DEFAULT_MODEL, NOW, opts).transitions).toEqual([
        { to: 'sql', at: NOW, reason: 'score 190 ≥ SQL threshold 170', reengaged: false },
      ])
    })
  })
})
