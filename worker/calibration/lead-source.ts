/**
 * A lead file's "Lead Source" as the first touch a browser would have carried: `utm_source=<the value>`
 * and the channel it stands for as `utm_medium`. The journeys of `npm run eval:live` land with it, and the
 * import mapping gives the lead the same normalised `source` and `medium` the Worker derives from it, so a
 * model calibrated on a file scores live leads by the same values.
 */
import { DIRECT, type Touch, touchOf } from '../scoring/touch'

/**
 * The channel each X Education "Lead Source" stands for, sent as `utm_medium` beside `utm_source=<the
 * value>` (values not listed send no medium; "Direct Traffic" sends neither: a direct visit).
 */
const CHANNELS: Record<string, string | null> = {
  'direct traffic': null,
  google: 'organic',
  bing: 'organic',
  'organic search': 'organic',
  'pay per click ads': 'cpc',
  facebook: 'social',
  'social media': 'social',
  youtubechannel: 'social',
  reference: 'referral',
  'referral sites': 'referral',
  'welingak website': 'referral',
  welearn: 'referral',
  welearnblog_home: 'referral',
  blog: 'referral',
  nc_edm: 'email',
  'olark chat': 'chat',
  'live chat': 'chat',
  press_release: 'pr',
}

/**
 * The query a landing page view carries for a "Lead Source" value; empty for direct traffic or none.
 * @example
 * leadSourceQuery('Reference') // → '?utm_source=Reference&utm_medium=referral'
 * leadSourceQuery('Direct Traffic') // → ''
 */
export function leadSourceQuery(leadSource: string | undefined): string {
  if (!leadSource) return ''
  const key = leadSource.trim().toLowerCase()
  if (key === 'direct traffic') return ''
  const medium = CHANNELS[key]
  return `?utm_source=${encodeURIComponent(leadSource.trim())}${medium ? `&utm_medium=${medium}` : ''}`
}

/**
 * The first touch a "Lead Source" value gives (direct for "Direct Traffic"), or null when the file has none.
 * @example
 * leadSourceTouch('Pay per Click Ads') // → { source: 'pay-per-click-ads', medium: 'paid', campaign: null, referrer: null }
 */
export function leadSourceTouch(leadSource: string | undefined): Touch | null {
  if (!leadSource?.trim()) return null
  return touchOf(`/${leadSourceQuery(leadSource)}`) ?? DIRECT
}
