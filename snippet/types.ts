/**
 * The wire format of `POST /e`: shared by the snippet (which builds it) and the Worker (whose zod
 * validator in `worker/ingest/validate.ts` is typed against it), so the two cannot drift.
 * Keys are short because every byte of the snippet counts. Documented in docs/ingest.md.
 *
 * @example
 * const batch: WireBatch = { s: 'demo', v: 'k3j…', e: [{ i: 'a1', t: 'pv', ts: Date.now(), p: '/pricing' }] }
 */
export interface WireBatch {
  /** site key (from the tag's data-site) */
  s: string
  /** visitor id: random, first-party, made by the snippet */
  v: string
  /** events, oldest first, 1..50 */
  e: WireEvent[]
}

/** Profile fields the snippet may send (and the Worker accepts); everything else is dropped. */
export const PROFILE_FIELDS = [
  'email',
  'name',
  'firstName',
  'lastName',
  'company',
  'title',
  'companySize',
  'industry',
  'country',
  'phone',
  'website',
] as const
export type ProfileField = (typeof PROFILE_FIELDS)[number]
export type WireProfile = Partial<Record<ProfileField, string>>

interface WireBase {
  /** client-made event id, unique per visitor: a batch re-sent never counts twice */
  i: string
  /** client time, ms since the epoch */
  ts: number
  /** page path (with utm_* query parameters only, and a hash route `#/…` verbatim) where it happened */
  p?: string
}

/** page view: `ti` title, `r` referrer (origin + path) */
export interface WirePageView extends WireBase { t: 'pv'; p: string; ti?: string; r?: string }
/** engaged time on a page: `n` seconds visible and in use since the last `eng` for that page */
export interface WireEngaged extends WireBase { t: 'eng'; p: string; n: number }
/** download: `u` the document's URL without query or fragment */
export interface WireDownload extends WireBase { t: 'dl'; p: string; u: string }
/** form submit: `f` the form's name, id or action; `d` allow-listed fields (email identifies) */
export interface WireForm extends WireBase { t: 'form'; p: string; f?: string; d: WireProfile }
/**
 * identify call: `d` allow-listed fields, `email` required; `h` the site server's hex
 * HMAC-SHA256(identitySecret, lower-cased trimmed email), which makes the claim verified
 */
export interface WireIdentify extends WireBase { t: 'id'; d: WireProfile; h?: string }
/** custom event (`leadbeacon('track', n, d)`) */
export interface WireTrack extends WireBase { t: 'tr'; n: string; d?: Record<string, string | number | boolean> }

export type WireEvent = WirePageView | WireEngaged | WireDownload | WireForm | WireIdentify | WireTrack
export type WireEventType = WireEvent['t']
