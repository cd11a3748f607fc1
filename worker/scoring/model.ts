/**
 * The scoring model: a per-site JSON document, validated here (strict: unknown keys are refused, so a typo
 * is an error rather than a silently ignored setting) and stored versioned by the API.
 */
import { z } from 'zod'
import { BehaviourRuleSchema, FitRuleSchema, GroupSchema, IdSchema, PatternSchema } from './model-rules'

export * from './model-rules'

const Limit = z
  .strictObject({ min: z.number().min(-1000).max(0), max: z.number().min(0).max(10_000) })
  .describe('the value is clamped into [min, max]')

/** Three descending thresholds: ≥ t[0] → best band, ≥ t[1], ≥ t[2], else the worst band. */
const Bands = z
  .tuple([z.number(), z.number(), z.number()])
  .refine(([a, b, c]) => a > b && b > c, 'bands must be strictly descending')

const HandRaisersSchema = z.strictObject({
  /** custom event names that are hand-raisers (exact, case-insensitive) */
  events: z.array(z.string().min(1).max(64)).max(20),
  /** applied to a form submit's name/id/action and to its page path; null: forms never hand-raise */
  formPattern: PatternSchema.nullable(),
})

const ModelObject = z.strictObject({
  name: z.string().max(120).optional(),
  /** engagement halves every this many days; fit never decays */
  halfLifeDays: z.number().min(0.5).max(3650),
  /** events further apart than this start a new visit (GA's 30 min is the usual definition) */
  sessionGapMinutes: z.number().min(1).max(24 * 60),
  thresholds: z.strictObject({ mql: z.number().min(1).max(10_000), sql: z.number().min(1).max(10_000) }),
  pricingPatterns: z.array(PatternSchema).max(10),
  handRaisers: HandRaisersSchema,
  /** free-mail domains (lower-case); absent → the built-in list */
  freeMailDomains: z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/).max(100)).max(2000).optional(),
  groups: z.record(IdSchema, GroupSchema).refine((g) => Object.keys(g).length <= 40, 'at most 40 groups'),
  behaviour: z.array(BehaviourRuleSchema).max(100),
  fit: z.array(FitRuleSchema).max(60),
  limits: z.strictObject({ engagement: Limit, fit: Limit, total: Limit }),
  /** fit letter A–D from fitScore, engagement digit 1–4 from engagementScore */
  grades: z.strictObject({ fit: Bands, engagement: Bands }),
})

/**
 * The model, with cross-field checks: unique rule ids, every rule's group declared, a group is either
 * behaviour or fit (never both), engaged-time rules sit in a group with a `max`, `pick: 'first'` only on
 * fit groups, sql > mql, group min ≤ max.
 * @example
 * const model = ModelSchema.parse(DEFAULT_MODEL)
 */
export const ModelSchema = ModelObject.superRefine((m, ctx) => {
  const seen = new Set<string>()
  const kindOf = new Map<string, 'behaviour' | 'fit'>()
  const check = (section: 'behaviour' | 'fit', i: number, id: string, group: string) => {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [section, i, 'id'], message: `duplicate rule id "${id}"` })
    seen.add(id)
    const g = Object.hasOwn(m.groups, group) ? m.groups[group] : undefined
    if (!g) {
      ctx.addIssue({ code: 'custom', path: [section, i, 'group'], message: `unknown group "${group}"` })
      return
    }
    const prior = kindOf.get(group)
    if (prior && prior !== section) {
      ctx.addIssue({
        code: 'custom',
        path: [section, i, 'group'],
        message: `group "${group}" is used by both behaviour and fit rules`,
      })
    }
    kindOf.set(group, section)
    if (section === 'behaviour' && g.pick === 'first') {
      ctx.addIssue({ code: 'custom', path: ['groups', group, 'pick'], message: 'pick "first" is for fit groups only' })
    }
  }
  m.behaviour.forEach((r, i) => {
    check('behaviour', i, r.id, r.group)
    if (r.kind === 'engaged' && m.groups[r.group]?.max === undefined) {
      ctx.addIssue({ code: 'custom', path: ['behaviour', i, 'group'], message: 'engaged-time rules need a capped group (max)' })
    }
  })
  m.fit.forEach((r, i) => {
    check('fit', i, r.id, r.group)
  })
  if (m.thresholds.sql <= m.thresholds.mql) {
    ctx.addIssue({ code: 'custom', path: ['thresholds', 'sql'], message: 'sql must be greater than mql' })
  }
  for (const [name, g] of Object.entries(m.groups)) {
    if (g.min !== undefined && g.max !== undefined && g.min > g.max) {
      ctx.addIssue({ code: 'custom', path: ['groups', name], message: 'min must be ≤ max' })
    }
  }
})

/**
 * A validated scoring model (zod's output type: defaults filled in).
 * @example
 * const m: Model = ModelSchema.parse(JSON.parse(body))
 */
export type Model = z.infer<typeof ModelSchema>
/**
 * What may be sent to `PUT /api/v1/scoring` (defaults optional).
 * @example
 * const input: ModelInput = { ...DEFAULT_MODEL, halfLifeDays: 14 }
 */
export type ModelInput = z.input<typeof ModelSchema>
