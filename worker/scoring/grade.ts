/**
 * Grades: a fit letter (A best … D) and an engagement digit (1 most engaged … 4), e.g. "A1" or "C3",
 * the matrix HubSpot and Pardot users know. Bands are three descending thresholds in the model.
 */
import type { Model } from './model'

const LETTERS = ['A', 'B', 'C', 'D'] as const
const DIGITS = ['1', '2', '3', '4'] as const

function band(value: number, thresholds: readonly [number, number, number]): number {
  for (let i = 0; i < 3; i++) if (value >= thresholds[i]) return i
  return 3
}

/**
 * Grade from the displayed (rounded) scores.
 * @example
 * gradeOf(45, 90, DEFAULT_MODEL) // 'A1' with fit bands [40, 20, 5] and engagement bands [80, 40, 10]
 */
export function gradeOf(fitScore: number, engagementScore: number, model: Pick<Model, 'grades'>): string {
  return LETTERS[band(fitScore, model.grades.fit)] + DIGITS[band(engagementScore, model.grades.engagement)]
}
