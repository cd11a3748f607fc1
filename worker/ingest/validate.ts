import { z } from 'zod'
import { PROFILE_FIELDS, type WireBatch } from '../../snippet/types'

/** Limits of one `POST /e`, documented in docs/ingest.md. */
export const LIMITS = {
  bodyBytes: 64 * 1024,
  events: 50,
  path: 1024,
  text: 512,
  props: 20,
  /** events older than this (client time) are dropped: the snippet never holds events that long */
  maxAgeMs: 30 * 24 * 3600 * 1000,
} as const

const id = z.string().min(1).max(64).regex(/^[\w.:-]+$/, 'letters, digits, _ . : - only')
// Over-long text is cut, not refused: the snippet drops a refused batch, and a long page title must
// not cost the visitor's other events. The 64 KB body limit still bounds the work.
const path = z
  .string()
  .regex(/^\//, 'a path starts with /')
  .transform((s) => s.slice(0, LIMITS.path))
const text = z.string().transform((s) => s.slice(0, LIMITS.text))
const ts = z.number().int().nonnegative().max(8.64e15)
const profile = z.partialRecord(z.enum(PROFILE_FIELDS), text)
const props = z
  .record(z.string().max(64), z.union([text, z.number().finite(), z.boolean()]))
  .refine((o) => Object.keys(o).length <= LIMITS.props, `at most ${LIMITS.props} properties`)

const base = { i: id, ts }
const event = z.discriminatedUnion('t', [
  z.strictObject({ ...base, t: z.literal('pv'), p: path, ti: text.optional(), r: text.optional() }),
  z.strictObject({ ...base, t: z.literal('eng'), p: path, n: z.number().int().min(0).max(86_400) }),
  z.strictObject({ ...base, t: z.literal('dl'), p: path, u: text }),
  z.strictObject({ ...base, t: z.literal('form'), p: path, f: text.optional(), d: profile }),
  // A malformed hash makes the claim unverified, not the batch refused (its other events still count).
  z.strictObject({ ...base, t: z.literal('id'), p: path.optional(), d: profile, h: z.string().max(128).optional().catch(undefined) }),
  z.strictObject({ ...base, t: z.literal('tr'), p: path.optional(), n: z.string().min(1).max(64), d: props.optional() }),
])

/**
 * The zod schema of a batch. Typed against the snippet's `WireBatch`, so the two cannot drift.
 * @example
 * const r = BatchSchema.safeParse(JSON.parse(body))
 */
export const BatchSchema: z.ZodType<WireBatch, unknown> = z.strictObject({
  s: z.string().min(1).max(64),
  v: id,
  e: z.array(event).min(1).max(LIMITS.events),
})

// one wording for every zod failure the API answers
export { describeIssues } from '../http/problem'

/** Normalises an email for lead identity: trimmed, lower-case. Returns null when it is not an email. */
export function normaliseEmail(raw: string | undefined): string | null {
  if (!raw) return null
  const e = raw.trim().toLowerCase()
  return z.email().safeParse(e).success && e.length <= 254 ? e : null
}
