/**
 * The values stored in a lead row that the scoring engine, the API and alerts all speak about, defined
 * once here with no imports, so `scoring/` (pure) and `tables.ts` (drizzle) can share them.
 */

/** A lead's stage (the contract's six), in lifecycle order; `recycled` is back in nurture after sales. */
export const LEAD_STAGES = ['known', 'mql', 'sql', 'accepted', 'disqualified', 'recycled'] as const
export type LeadStage = (typeof LEAD_STAGES)[number]

/** The stages sales set by hand (PATCH, Slack buttons, email links). */
export const SALES_STAGES = ['accepted', 'disqualified', 'recycled'] as const
export type SalesStage = (typeof SALES_STAGES)[number]

/** The stages a lead may be recycled from. */
export const RECYCLABLE_FROM: readonly LeadStage[] = ['sql', 'accepted', 'disqualified']

/** Who recorded a lead's outcome: an import (the outcomes API, a lead file) or sales (PATCH, the app). */
export const OUTCOME_SOURCES = ['import', 'sales'] as const
export type OutcomeSource = (typeof OUTCOME_SOURCES)[number]

/** Why sales disqualify (BANT in the words sales use): the reasons the Slack picker and email links offer. */
export const DISQUALIFY_REASONS = ['no budget', 'no authority', 'no need', 'bad timing', 'not a fit', 'spam'] as const

/** The stages that are reached by scoring and alert sales; the others are set by people. */
export type AlertStage = Extract<LeadStage, 'mql' | 'sql'>

/**
 * What is stored on the lead row so that a score can be read exactly at any later time without the history:
 * per behaviour group, the sum of its hits decayed to `anchor` (the newest hit); fit after its caps.
 * @example
 * const s: DecayState = { v: 1, at: 1_800_000_000_000, anchor: 1_799_990_000_000, groups: { pages: 12.5 }, fit: 20 }
 */
export interface DecayState {
  v: 1
  /** the `now` it was computed at */
  at: number
  /** time of the newest behaviour hit (ms), null when there is none */
  anchor: number | null
  /** group name → Σ rawPoints × 2^(-(anchor - at)/halfLife) over its hits */
  groups: Record<string, number>
  /** fit score after fit caps (fit does not decay) */
  fit: number
}
