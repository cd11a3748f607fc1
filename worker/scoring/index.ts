/**
 * The scoring engine's public API (pure: no I/O, no clock).
 * @example
 * import { DEFAULT_MODEL, scoreHistory, currentScores, decideStage } from '../scoring'
 */
export { ACCOUNT_TOP_N, ENGAGED_WITHIN_DAYS, rollUpAccount, type AccountLead } from './accounts'
export { DEFAULT_MODEL } from './default-model'
export { currentScores, parseDecayState, scoreHistory, type ScoreInput, storedScores } from './engine'
export { AGGREGATES } from './features'
export { accountDomain, DISPOSABLE_MAIL_DOMAINS, emailDomain, emailKind, type EmailKind, FREE_MAIL_DOMAINS, isDisposableMail, isFreeMail } from './free-mail'
export { gradeOf } from './grade'
export { handRaiseRule } from './handraise'
export { ModelSchema, type Model, type ModelInput } from './model'
export { patternProblem } from './patterns'
export { type AlertStage, decideStage, type LeadStage, type StageDecision, type StageInput, type StagePrev, type Transition } from './stage'
/**
 * Shared types: ScoringEvent, Profile, ScoreResult, BreakdownEntry, DecayState, HandRaise, CurrentScores.
 * @example
 * import type { ScoreResult, DecayState } from '../scoring'
 */
export type * from './types'
