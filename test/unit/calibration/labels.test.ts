import { describe, expect, it } from 'vitest'
import { DISQUALIFY_REASONS } from '../../../schema/lead-values'
import { isLostReason, labelCounts, labelOf, LOST_REASONS } from '../../../worker/calibration/labels'

describe('calibration labels', () => {
  it('takes an outcome as the label, from sales or (also when unknown) from an import', () => {
    expect(labelOf({ outcome: 'won', outcomeSource: 'sales', stage: 'accepted' })).toEqual({ outcome: 'won', source: 'sales' })
    expect(labelOf({ outcome: 'lost', outcomeSource: 'import', stage: 'known' })).toEqual({ outcome: 'lost', source: 'imported' })
    expect(labelOf({ outcome: 'won', outcomeSource: null, stage: 'sql' })).toEqual({ outcome: 'won', source: 'imported' })
    // an outcome outranks a disqualification: the lead came back and bought
    expect(labelOf({ outcome: 'won', outcomeSource: 'sales', stage: 'disqualified', disqualifyReason: 'spam' })).toEqual({ outcome: 'won', source: 'sales' })
  })

  it('counts a disqualification as lost only for reasons that mean the lead will not buy', () => {
    const lost = DISQUALIFY_REASONS.filter((r) => labelOf({ outcome: null, outcomeSource: null, stage: 'disqualified', disqualifyReason: r }))
    expect(lost).toEqual(['no need', 'not a fit', 'spam'])
    expect([...LOST_REASONS].sort()).toEqual(lost)
    expect(labelOf({ outcome: null, outcomeSource: null, stage: 'disqualified', disqualifyReason: ' NOT  a fit' })).toEqual({ outcome: 'lost', source: 'sales' })
    expect(labelOf({ outcome: null, outcomeSource: null, stage: 'disqualified', disqualifyReason: null })).toBeNull()
    // recycled or accepted without an outcome: nothing learned yet
    expect(labelOf({ outcome: null, outcomeSource: null, stage: 'recycled', disqualifyReason: 'spam' })).toBeNull()
    expect(labelOf({ outcome: null, outcomeSource: null, stage: 'accepted' })).toBeNull()
    expect(isLostReason('spam or not')).toBe(false)
  })

  it('counts labels per source', () => {
    expect(labelCounts([{ source: 'sales' }, { source: 'imported' }, {}, { source: 'sales' }])).toEqual({ imported: 2, sales: 2 })
    expect(labelCounts([])).toEqual({ imported: 0, sales: 0 })
  })
})
