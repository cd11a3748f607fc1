/**
 * Validation problems of a model typed into the scoring page, each placed at the rule (or setting) it is
 * about, so the marketer sees "rule #4 “pricing-view”: points too big" rather than a zod path. Pure.
 */

export interface ModelProblem {
  /** where: "behaviour rule #4 “pricing-view”", "thresholds.sql", "JSON" */
  where: string
  message: string
  /** the offending rule's JSON (to show next to the message), when the problem is in a rule */
  rule?: string
  /** 1-based line in the textarea of that rule, or of a JSON syntax error */
  line?: number
}

/**
 * The JSON syntax error of `text` as a problem with its line, or null when it parses.
 * @example
 * jsonProblem('{\n  "a": 1,\n}') // { where: 'JSON', message: '…', line: 3 }
 */
export function jsonProblem(text: string): ModelProblem | null {
  try {
    JSON.parse(text)
    return null
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err)
    const pos = /position (\d+)/.exec(msg)
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : /line (\d+)/.exec(msg) ? Number(/line (\d+)/.exec(msg)![1]) : undefined
    return { where: 'JSON', message: `not valid JSON: ${msg}`, ...(line ? { line } : {}) }
  }
}

/**
 * zod issues → problems at their rules.
 * @example
 * modelProblems(input, [{ path: ['behaviour', 3, 'points'], message: 'Too big' }], text)
 * // [{ where: 'behaviour rule #4 “pricing-view”', message: 'points: Too big', rule: '{…}', line: 57 }]
 */
export function modelProblems(input: unknown, issues: readonly { path: readonly PropertyKey[]; message: string }[], text: string): ModelProblem[] {
  const m = (input ?? {}) as Record<string, unknown>
  return issues.slice(0, 20).map((i) => {
    const [section, index, ...rest] = i.path
    if ((section === 'behaviour' || section === 'fit') && typeof index === 'number') {
      const rule = (Array.isArray(m[section]) ? (m[section] as unknown[])[index] : undefined) as Record<string, unknown> | undefined
      const id = typeof rule?.id === 'string' ? rule.id : null
      const field = rest.map(String).join('.')
      return {
        where: `${section} rule #${index + 1}${id ? ` “${id}”` : ''}`,
        message: field ? `${field}: ${i.message}` : i.message,
        ...(rule ? { rule: JSON.stringify(rule) } : {}),
        ...(id ? lineOf(text, `"id": "${id}"`, `"id":"${id}"`) : {}),
      }
    }
    const where = i.path.map(String).join('.') || 'model'
    const key = typeof i.path.at(-1) === 'string' ? String(i.path.at(-1)) : null
    return { where, message: i.message, ...(key ? lineOf(text, `"${key}"`) : {}) }
  })
}

function lineOf(text: string, ...needles: string[]): { line?: number } {
  for (const n of needles) {
    const at = text.indexOf(n)
    if (at >= 0) return { line: text.slice(0, at).split('\n').length }
  }
  return {}
}
