/**
 * Which leads calibration learns from, and with which label. An outcome (won / lost) is the label
 * wherever it came from: an import, or sales recording it. A lead sales disqualified without an
 * outcome is a `lost` label only when the reason says it will not buy at all (spam, not a fit, no need);
 * "no budget", "no authority" and "bad timing" say "not now" or "not this person", about leads the
 * model may be right to rank high, so they teach nothing and are left out. Pure.
 */
import type { DISQUALIFY_REASONS, LeadStage, OutcomeSource } from '../../schema/lead-values'

/** Disqualification reasons that count as a lost outcome. */
export const LOST_REASONS: readonly (typeof DISQUALIFY_REASONS)[number][] = ['spam', 'not a fit', 'no need']

/** Where a label came from, as the calibration report counts them. */
export type LabelSource = 'imported' | 'sales'

/** What a lead says about its label. */
export interface LabelInput {
  outcome: 'won' | 'lost' | null
  /** null for outcomes recorded before sources were kept: counted as imported, the only bulk path then */
  outcomeSource: OutcomeSource | null
  stage: LeadStage
  /** the reason of the lead's newest move into `disqualified`, when it is disqualified */
  disqualifyReason?: string | null
}

/**
 * The lead's label and its source, or null when it teaches nothing (yet).
 * @example
 * labelOf({ outcome: null, outcomeSource: null, stage: 'disqualified', disqualifyReason: 'spam' }) // → { outcome: 'lost', source: 'sales' }
 * labelOf({ outcome: null, outcomeSource: null, stage: 'disqualified', disqualifyReason: 'bad timing' }) // → null
 */
export function labelOf(lead: LabelInput): { outcome: 'won' | 'lost'; source: LabelSource } | null {
  if (lead.outcome) return { outcome: lead.outcome, source: lead.outcomeSource === 'sales' ? 'sales' : 'imported' }
  if (lead.stage === 'disqualified' && isLostReason(lead.disqualifyReason)) return { outcome: 'lost', source: 'sales' }
  return null
}

/**
 * True for a reason that counts as lost, however the API client spelled its case and spaces.
 * @example
 * isLostReason(' Not a fit ') // → true
 */
export function isLostReason(reason: string | null | undefined): boolean {
  const r = (reason ?? '').trim().replace(/\s+/g, ' ').toLowerCase()
  return (LOST_REASONS as readonly string[]).includes(r)
}

/**
 * How many labels came from each source (a sample without one counts as imported).
 * @example
 * labelCounts([{ source: 'sales' }, {}]) // → { imported: 1, sales: 1 }
 */
export function labelCounts(samples: readonly { source?: LabelSource }[]): Record<LabelSource, number> {
  const sales = samples.filter((s) => s.source === 'sales').length
  return { imported: samples.length - sales, sales }
}
