/**
 * The one refusal calibration makes on purpose: too few outcomes to fit anything trustworthy.
 */

/**
 * Fewest won and fewest lost outcomes calibration accepts (50 of each).
 * @example
 * won >= MIN_OUTCOMES_PER_CLASS && lost >= MIN_OUTCOMES_PER_CLASS // may calibrate
 */
export const MIN_OUTCOMES_PER_CLASS = 50

/**
 * Thrown by `calibrate` when fewer than 50 won or 50 lost outcomes are available. `needWon` and
 * `needLost` are how many MORE of each are needed (0 when that class has enough), which is what the API's
 * 4xx answer tells the marketer.
 * @example
 * const e = new TooFewOutcomesError(12, 80) // e.needWon === 38, e.needLost === 0
 */
export class TooFewOutcomesError extends Error {
  readonly won: number
  readonly lost: number
  readonly needWon: number
  readonly needLost: number
  readonly minimum = MIN_OUTCOMES_PER_CLASS

  constructor(won: number, lost: number) {
    const needWon = Math.max(0, MIN_OUTCOMES_PER_CLASS - won)
    const needLost = Math.max(0, MIN_OUTCOMES_PER_CLASS - lost)
    const missing = [needWon ? `${needWon} more won` : '', needLost ? `${needLost} more lost` : ''].filter(Boolean).join(' and ')
    super(`calibration needs at least ${MIN_OUTCOMES_PER_CLASS} won and ${MIN_OUTCOMES_PER_CLASS} lost outcomes; have ${won} won and ${lost} lost (${missing} needed)`)
    this.name = 'TooFewOutcomesError'
    this.won = won
    this.lost = lost
    this.needWon = needWon
    this.needLost = needLost
  }
}
