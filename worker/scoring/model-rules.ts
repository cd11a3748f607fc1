/**
 * Zod schemas of the model's rules. Everything is bounded (counts, lengths, ranges) because a model is
 * user input that runs on every ingested event.
 */
import { z } from 'zod'
import { patternProblem } from './patterns'

/**
 * A case-insensitive regex source, refused when it does not compile or could backtrack badly.
 * @example
 * PatternSchema.parse('^/pricing') // '^/pricing'
 */
export const PatternSchema = z.string().superRefine((s, ctx) => {
  const problem = patternProblem(s)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

/**
 * Rule and group ids: short, URL- and CSV-safe, stable keys for features and breakdowns.
 * @example
 * IdSchema.parse('pricing-repeat') // ok
 */
export const IdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,47}$/, 'lower-case letters, digits, _ . - (≤ 48)')
  // ids become object keys: one that Object.prototype already has ("constructor") would alias it
  .refine((s) => !(s in Object.prototype), 'reserved name')

const DAY_BOUNDS = { min: 1 / 24, max: 365 } // an hour to a year
const Days = z.number().min(DAY_BOUNDS.min).max(DAY_BOUNDS.max)

/**
 * How often a behaviour rule may award its points: every hit, once ever, or at most `max` per rolling
 * `days`-day window.
 * @example
 * FrequencySchema.parse({ mode: 'window', max: 1, days: 1 })
 */
export const FrequencySchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('each') }),
  z.strictObject({ mode: z.literal('once') }),
  z.strictObject({ mode: z.literal('window'), max: z.number().int().min(1).max(100), days: Days }),
])
/**
 * A rule's frequency.
 * @example
 * const f: Frequency = { mode: 'window', max: 2, days: 1 }
 */
export type Frequency = z.infer<typeof FrequencySchema>

/**
 * Event types a rule may match (the server-side names of ScoringEvent.type).
 * @example
 * EVENT_TYPES.includes('page_view') // true
 */
export const EVENT_TYPES = ['page_view', 'engaged', 'download', 'form_submit', 'identify', 'custom'] as const
const EventTypeSchema = z.enum(EVENT_TYPES)
const Points = z.number().min(-200).max(200)
const Label = z.string().max(120).optional()

/** What an event must look like: all given conditions hold. */
const matcher = {
  /** page path pattern */
  path: PatternSchema.optional(),
  /** the path matches one of the model's `pricingPatterns` */
  onPricing: z.boolean().optional(),
  /** custom event name, form name/id/action, or document URL */
  name: PatternSchema.optional(),
  /** the event does not count when its path or its name matches this */
  exclude: PatternSchema.optional(),
  /** custom event properties / form fields: each listed key must be present and match */
  props: z
    .record(z.string().min(1).max(40), PatternSchema)
    .refine((r) => Object.keys(r).length <= 5, 'at most 5 props')
    .optional(),
}

const base = {
  id: IdSchema,
  label: Label,
  group: IdSchema,
  points: Points,
}

/**
 * Points for matching events (negative points make a negative rule, e.g. careers pages).
 * @example
 * EventRuleSchema.parse({ kind: 'event', id: 'download', group: 'content', types: ['download'], points: 3,
 *   frequency: { mode: 'each' } })
 */
export const EventRuleSchema = z.strictObject({
  kind: z.literal('event'),
  ...base,
  types: z.array(EventTypeSchema).min(1).max(EVENT_TYPES.length),
  ...matcher,
  frequency: FrequencySchema.default({ mode: 'each' }),
})

/**
 * Points when matching events (or distinct visits with one) reach `count` within `withinDays` — e.g.
 * pricing viewed ≥ 3 times in 7 days. Fires at the event that reaches the count, then as `frequency` allows.
 * @example
 * RepeatRuleSchema.parse({ kind: 'repeat', id: 'pricing-3x', group: 'intent', types: ['page_view'], onPricing: true,
 *   count: 3, withinDays: 7, distinct: 'event', points: 10, frequency: { mode: 'window', max: 1, days: 7 } })
 */
export const RepeatRuleSchema = z.strictObject({
  kind: z.literal('repeat'),
  ...base,
  types: z.array(EventTypeSchema).min(1).max(EVENT_TYPES.length).default(['page_view']),
  ...matcher,
  count: z.number().int().min(2).max(100),
  withinDays: Days,
  /** count matching events, or visits (sessions) that contain one */
  distinct: z.enum(['event', 'session']).default('event'),
  frequency: FrequencySchema.default({ mode: 'window', max: 1, days: 7 }),
})

/**
 * `points` per `perSeconds` engaged seconds on matching pages (cumulative); the rule's group must be capped.
 * @example
 * EngagedRuleSchema.parse({ kind: 'engaged', id: 'dwell', group: 'dwell', perSeconds: 60, points: 1,
 *   frequency: { mode: 'each' } })
 */
export const EngagedRuleSchema = z.strictObject({
  kind: z.literal('engaged'),
  ...base,
  path: PatternSchema.optional(),
  onPricing: z.boolean().optional(),
  exclude: PatternSchema.optional(),
  perSeconds: z.number().int().min(1).max(86_400),
  frequency: FrequencySchema.default({ mode: 'each' }),
})

/**
 * Points per visit (session: events less than `sessionGapMinutes` apart) that meets every condition:
 * at least `minPageViews` page views; every page view's path matches `allPaths` (e.g. support-only);
 * some page view's path matches `anyPath`. Awarded at the visit's first event.
 * @example
 * SessionRuleSchema.parse({ kind: 'session', id: 'support-only', group: 'negative', allPaths: '^/(support|help)',
 *   points: -5, frequency: { mode: 'each' } })
 */
export const SessionRuleSchema = z
  .strictObject({
    kind: z.literal('session'),
    ...base,
    minPageViews: z.number().int().min(1).max(1000).optional(),
    allPaths: PatternSchema.optional(),
    anyPath: PatternSchema.optional(),
    frequency: FrequencySchema.default({ mode: 'each' }),
  })
  .refine((r) => r.minPageViews !== undefined || r.allPaths !== undefined || r.anyPath !== undefined, {
    message: 'a session rule needs minPageViews, allPaths or anyPath',
  })

/**
 * Any behaviour rule (decays with the model's half-life).
 * @example
 * BehaviourRuleSchema.parse({ kind: 'event', id: 'pv', group: 'pages', types: ['page_view'], points: 1 })
 */
export const BehaviourRuleSchema = z.discriminatedUnion('kind', [
  EventRuleSchema,
  RepeatRuleSchema,
  EngagedRuleSchema,
  SessionRuleSchema,
])
/**
 * A validated behaviour rule.
 * @example
 * const r: BehaviourRule = DEFAULT_MODEL.behaviour[0]
 */
export type BehaviourRule = z.infer<typeof BehaviourRuleSchema>

/**
 * How a profile field is tested: regex, exact list (case-insensitive), numeric range of the first number
 * in the value (company size "51-200" → 51, "10,000+" → 10000, "5k" → 5000), free-mail email domain,
 * or absent/blank.
 * @example
 * FitMatchSchema.parse({ kind: 'range', min: 200 })
 */
export const FitMatchSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pattern'), pattern: PatternSchema }),
  z.strictObject({ kind: z.literal('in'), values: z.array(z.string().min(1).max(100)).min(1).max(200) }),
  z
    .strictObject({ kind: z.literal('range'), min: z.number().optional(), max: z.number().optional() })
    .refine((m) => m.min !== undefined || m.max !== undefined, 'range needs min or max')
    .refine((m) => m.min === undefined || m.max === undefined || m.min <= m.max, 'min must be ≤ max'),
  z.strictObject({ kind: z.literal('freeMail') }),
  // throw-away mail services (the built-in list): a fit signal, never a refusal
  z.strictObject({ kind: z.literal('disposableMail') }),
  z.strictObject({ kind: z.literal('missing') }),
])
/**
 * A validated fit match.
 * @example
 * const m: FitMatch = { kind: 'freeMail' }
 */
export type FitMatch = z.infer<typeof FitMatchSchema>

/**
 * Points for who the lead is (does not decay).
 * @example
 * FitRuleSchema.parse({ id: 'vp', group: 'authority', field: 'title',
 *   match: { kind: 'pattern', pattern: '\\bvp\\b|vice president' }, points: 20 })
 */
export const FitRuleSchema = z.strictObject({
  ...base,
  field: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/),
  match: FitMatchSchema,
})
/**
 * A validated fit rule.
 * @example
 * const r: FitRule = DEFAULT_MODEL.fit[0]
 */
export type FitRule = z.infer<typeof FitRuleSchema>

/**
 * A rule group: bounds on the sum of its rules' points (behaviour groups are bounded after decay, at read
 * time). `pick: 'first'` (fit groups only) makes the group a decision list: only its first matching rule
 * (in model order) counts — for bands such as seniority or company size.
 * @example
 * GroupSchema.parse({ max: 30 })
 */
export const GroupSchema = z
  .strictObject({
    label: Label,
    max: z.number().min(0).max(1000).optional(),
    min: z.number().min(-1000).max(0).optional(),
    pick: z.enum(['sum', 'first']).default('sum'),
  })
/**
 * A validated group.
 * @example
 * const g: Group = { max: 30, pick: 'sum' }
 */
export type Group = z.infer<typeof GroupSchema>
