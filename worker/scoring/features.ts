/**
 * Features for calibration: per-rule hit counts (behaviour and fit, every rule present, 0 when it did not
 * fire) and raw aggregates of the history. Keys are stable: `rule:<id>` and the names in AGGREGATES.
 */
import type { Model } from './model'
import { matches } from './patterns'
import { engagedSeconds, type PreparedEvent } from './prepare'
import type { Hit } from './rules'
import { DAY_MS } from './time'

/**
 * Aggregate feature names, always present.
 * @example
 * for (const k of AGGREGATES) console.log(k, result.features[k])
 */
export const AGGREGATES = [
  'sessions',
  'pageViews',
  'pageViewsPerSession',
  'engagedSeconds',
  'downloads',
  'forms',
  'customEvents',
  'pricingViews',
  'handRaises',
  'activeDays',
  'daysSinceLastActivity',
] as const

/**
 * Days since the last activity when there is none (and the most it reports): a year.
 * @example
 * scoreHistory({ events: [], profile: {}, model, now }).features.daysSinceLastActivity // RECENCY_CAP_DAYS
 */
export const RECENCY_CAP_DAYS = 365

const keyCache = new WeakMap<Model, Map<string, string>>()
/** `rule:<id>` for every rule, built once per model object (scoring runs per event batch). */
function ruleKeys(model: Model): Map<string, string> {
  let keys = keyCache.get(model)
  if (!keys) {
    keys = new Map([...model.behaviour, ...model.fit].map((r) => [r.id, `rule:${r.id}`]))
    keyCache.set(model, keys)
  }
  return keys
}

/**
 * The feature vector of a lead at `now`.
 * @example
 * extractFeatures(prepared, hits, matchedFitRules, 0, DEFAULT_MODEL, now)['rule:pricing-view'] // 2
 */
export function extractFeatures(
  events: readonly PreparedEvent[],
  hits: readonly Hit[],
  fitMatched: ReadonlySet<string>,
  handRaises: number,
  model: Model,
  now: number,
): Record<string, number> {
  const f: Record<string, number> = {}
  const keys = ruleKeys(model)
  for (const r of model.behaviour) f[keys.get(r.id) as string] = 0
  for (const h of hits) f[keys.get(h.rule) as string] += 1
  for (const r of model.fit) f[keys.get(r.id) as string] = fitMatched.has(r.id) ? 1 : 0

  const sessions = new Set<number>()
  const days = new Set<number>()
  let pageViews = 0
  let engaged = 0
  let downloads = 0
  let forms = 0
  let custom = 0
  let pricing = 0
  let last: number | null = null
  for (const e of events) {
    if (e.session >= 0) sessions.add(e.session)
    days.add(Math.floor(e.at / DAY_MS))
    last = e.at
    if (e.type === 'page_view') {
      pageViews++
      if (model.pricingPatterns.some((p) => matches(p, e.path))) pricing++
    } else if (e.type === 'engaged') engaged += engagedSeconds(e)
    else if (e.type === 'download') downloads++
    else if (e.type === 'form_submit') forms++
    else if (e.type === 'custom') custom++
  }
  f.sessions = sessions.size
  f.pageViews = pageViews
  f.pageViewsPerSession = sessions.size ? pageViews / sessions.size : 0
  f.engagedSeconds = engaged
  f.downloads = downloads
  f.forms = forms
  f.customEvents = custom
  f.pricingViews = pricing
  f.handRaises = handRaises
  f.activeDays = days.size
  f.daysSinceLastActivity = last === null ? RECENCY_CAP_DAYS : Math.min(RECENCY_CAP_DAYS, (now - last) / DAY_MS)
  return f
}
