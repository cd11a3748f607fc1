/**
 * First touch: where a visitor came from, read from what the snippet sends with a page view — the
 * `utm_*` parameters it keeps in the path and the referrer (origin + path) of a page load. Pure: the
 * ingest pipeline stores the result on the visitor and the lead; fit rules read it as the profile fields
 * `source`, `medium` and `campaign`.
 */

/**
 * Where a visitor came from. `referrer` is the referring origin + path, when there was one.
 * @example
 * const t: Touch = { source: 'linkedin', medium: 'paid', campaign: 'spring', referrer: null }
 */
export interface Touch {
  source: string
  medium: string
  campaign: string | null
  referrer: string | null
}

/** A lead with page views but no UTM or referrer ever came straight in. */
export const DIRECT: Touch = { source: 'direct', medium: 'none', campaign: null, referrer: null }

type Kind = 'search' | 'social' | 'email'

/**
 * Well-known sources: the name a host or a hand-typed `utm_source` is normalised to, and what kind of
 * site it is (which medium a referral from it implies). Keys are matched against every dot-suffix of a
 * host, with and without its public suffix (`www.google.co.uk` → `google.co.uk` → `google`).
 */
const KNOWN: Record<string, [string, Kind]> = {
  google: ['google', 'search'],
  bing: ['bing', 'search'],
  duckduckgo: ['duckduckgo', 'search'],
  yahoo: ['yahoo', 'search'],
  baidu: ['baidu', 'search'],
  yandex: ['yandex', 'search'],
  ecosia: ['ecosia', 'search'],
  'search.brave': ['brave', 'search'],
  brave: ['brave', 'search'],
  qwant: ['qwant', 'search'],
  startpage: ['startpage', 'search'],
  naver: ['naver', 'search'],
  linkedin: ['linkedin', 'social'],
  'lnkd.in': ['linkedin', 'social'],
  facebook: ['facebook', 'social'],
  'fb.me': ['facebook', 'social'],
  'l.facebook': ['facebook', 'social'],
  'm.facebook': ['facebook', 'social'],
  instagram: ['instagram', 'social'],
  twitter: ['twitter', 'social'],
  't.co': ['twitter', 'social'],
  'x.com': ['twitter', 'social'],
  youtube: ['youtube', 'social'],
  'youtu.be': ['youtube', 'social'],
  reddit: ['reddit', 'social'],
  pinterest: ['pinterest', 'social'],
  tiktok: ['tiktok', 'social'],
  mastodon: ['mastodon', 'social'],
  'news.ycombinator': ['hackernews', 'social'],
  'mail.google': ['gmail', 'email'],
  gmail: ['gmail', 'email'],
  'outlook.live': ['outlook', 'email'],
  'outlook.office': ['outlook', 'email'],
  'mail.yahoo': ['yahoo-mail', 'email'],
}

/** Short names marketers type as `utm_source` that would be too loose to match in a host. */
const UTM_ALIASES: Record<string, [string, Kind]> = {
  x: ['twitter', 'social'],
  fb: ['facebook', 'social'],
  ig: ['instagram', 'social'],
  li: ['linkedin', 'social'],
  yt: ['youtube', 'social'],
}

/** Second-level labels under a country code (`co.uk`, `com.au`): part of the public suffix. */
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ne', 'or'])

/**
 * `utm_medium` spellings and the channel each means; anything else is kept as given (lower-case).
 */
const MEDIA: [RegExp, string][] = [
  [/^(cpc|ppc|paid|paid[-_ ]?(search|social|media|ads?)|cpm|cpv|display|banner|ads?|sem|adwords)$/, 'paid'],
  [/^(e-?mail|newsletter|edm|mailchimp)$/, 'email'],
  [/^(social|social[-_ ]?(media|network|organic)|sm)$/, 'social'],
  [/^(organic|seo|search)$/, 'organic'],
  [/^(referral|referrer|ref|partner|reference)$/, 'referral'],
  [/^(affiliates?)$/, 'affiliate'],
]

const MAX = 100

/**
 * The UTM parameters of a page path as the snippet sends it (`/p?utm_source=…`), read from the real query
 * only: a `?` inside a hash route (`/app#/x?y`) is the app's own, not the page's.
 * @example
 * utmOf('/pricing?utm_source=LinkedIn&utm_medium=paid') // → { source: 'LinkedIn', medium: 'paid' }
 * utmOf('/app#/pricing?utm_source=x') // → {}
 */
export function utmOf(path: string | undefined): { source?: string; medium?: string; campaign?: string } {
  if (!path) return {}
  const beforeHash = path.split('#', 1)[0]
  const q = beforeHash.indexOf('?')
  if (q < 0) return {}
  const out: { source?: string; medium?: string; campaign?: string } = {}
  for (const part of beforeHash.slice(q + 1).split('&')) {
    const eq = part.indexOf('=')
    const key = decode(eq < 0 ? part : part.slice(0, eq)).toLowerCase()
    const value = decode(eq < 0 ? '' : part.slice(eq + 1)).trim()
    if (!value) continue
    // the first of a repeated parameter counts, as URLSearchParams.get() does
    if (key === 'utm_source') out.source ??= value
    else if (key === 'utm_medium') out.medium ??= value
    else if (key === 'utm_campaign') out.campaign ??= value
  }
  return out
}

/**
 * The touch a page view carries: its UTM parameters first (a marketer's tag says more than a referrer),
 * else its referrer; null when it has neither (a direct visit, or a navigation within the site — the
 * snippet sends no same-origin referrer).
 * @example
 * touchOf('/pricing?utm_source=LinkedIn&utm_medium=paid') // → { source: 'linkedin', medium: 'paid', campaign: null, referrer: null }
 * touchOf('/', 'https://www.google.com/') // → { source: 'google', medium: 'organic', campaign: null, referrer: 'https://www.google.com/' }
 */
export function touchOf(path: string | undefined, referrer?: string | null): Touch | null {
  const utm = utmOf(path)
  const ref = referrer ? referrerHost(referrer) : null
  const refUrl = ref ? cut(referrer!.trim(), 512) : null
  if (utm.source || utm.medium || utm.campaign) {
    const known = utm.source ? knownSource(utm.source) : ref ? knownSource(ref) : null
    const source = utm.source ? (known?.[0] ?? slugSource(utm.source)) : ref ? (known?.[0] ?? bareHost(ref)) : 'direct'
    const medium = utm.medium ? normaliseMedium(utm.medium) : impliedMedium(known, !!utm.source || !!ref)
    return { source, medium, campaign: utm.campaign ? cut(utm.campaign.toLowerCase(), MAX) : null, referrer: refUrl }
  }
  if (!ref) return null
  const known = knownSource(ref)
  return { source: known?.[0] ?? bareHost(ref), medium: impliedMedium(known, true), campaign: null, referrer: refUrl }
}

/**
 * A channel name from a free-typed `utm_medium`.
 * @example
 * normaliseMedium('CPC') // → 'paid'
 * normaliseMedium('Webinar') // → 'webinar'
 */
export function normaliseMedium(medium: string): string {
  const m = medium.trim().toLowerCase()
  for (const [re, name] of MEDIA) if (re.test(m)) return name
  return slugSource(m)
}

/**
 * A source name from a free-typed `utm_source` or a host: known sites by their short name, anything else
 * lower-case with runs of spaces and punctuation as one hyphen.
 * @example
 * normaliseSource('LinkedIn') // → 'linkedin'
 * normaliseSource('www.google.co.uk') // → 'google'
 * normaliseSource('Word of Mouth') // → 'word-of-mouth'
 */
export function normaliseSource(source: string): string {
  return knownSource(source)?.[0] ?? slugSource(source)
}

/**
 * The profile fields a touch gives fit rules.
 * @example
 * touchProfile({ source: 'linkedin', medium: 'paid', campaign: null }) // → { source: 'linkedin', medium: 'paid' }
 */
export function touchProfile(t: Pick<Touch, 'source' | 'medium' | 'campaign'> | null): Record<string, string> {
  if (!t) return {}
  const out: Record<string, string> = { source: t.source, medium: t.medium }
  if (t.campaign) out.campaign = t.campaign
  return out
}

function impliedMedium(known: [string, Kind] | null, hasOrigin: boolean): string {
  if (!hasOrigin) return 'none'
  if (!known) return 'referral'
  return known[1] === 'search' ? 'organic' : known[1]
}

function knownSource(raw: string): [string, Kind] | null {
  const v = raw.trim().toLowerCase()
  if (KNOWN[v]) return KNOWN[v]
  if (UTM_ALIASES[v]) return UTM_ALIASES[v]
  const host = v.replace(/^www\d*\./, '')
  const labels = host.split('.')
  // strip the public suffix: one label (".com"), or two under a country code (".co.uk")
  const n = labels.length
  const suffix = n >= 3 && labels[n - 1].length === 2 && SECOND_LEVEL.has(labels[n - 2]) ? 2 : n >= 2 ? 1 : 0
  const name = labels.slice(0, n - suffix)
  for (let i = 0; i < name.length; i++) {
    const key = name.slice(i).join('.')
    const full = labels.slice(i).join('.')
    if (KNOWN[full]) return KNOWN[full]
    if (KNOWN[key]) return KNOWN[key]
  }
  return null
}

function referrerHost(referrer: string): string | null {
  try {
    const u = new URL(referrer.trim())
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null
    return u.hostname.toLowerCase() || null
  } catch {
    return null
  }
}

function bareHost(host: string): string {
  return cut(host.replace(/^www\d*\./, ''), MAX)
}

function slugSource(s: string): string {
  const slug = s
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.]+/gu, '-')
    .replace(/^-+|-+$/g, '')
  return cut(slug, MAX) || 'unknown'
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

function cut(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s
}
