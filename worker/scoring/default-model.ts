/**
 * The default model. Every number's reason and source is in docs/scoring.md (same order as here);
 * the calibration work may tune the points, not the shape. Every rule here can fire from what the snippet
 * or `identify` sends (pages, engaged time, downloads, forms, custom events, the allow-listed profile
 * fields and the first touch); rules on fields only a lead file has (occupation, do-not-email) are in
 * worker/calibration/lead-file-rules.ts and join the model when such a file is evaluated or imported.
 */
import type { Model } from './model'

/** Paths of pages listing prices or plans (also what pricing repeats count). */
const PRICING = '(^|/)(pricing|plans|prices?)(/|$|[?#.-])'
const PRODUCT = '(^|/)(products?|features?|solutions?|integrations?|customers|case-stud(y|ies)|compare|why-[a-z]+)(/|$|[?#.-])'
const CAREERS = '(^|/)(careers?|jobs?|join-us|work-with-us|vacanc(y|ies))(/|$|[?#.-])'
const SUPPORT = '(^|/)(support|help|docs?|kb|knowledge-?base|status|log-?in|sign-?in|account|billing)(/|$|[?#.-])'

/**
 * Scores behaviour and fit on a 0–270 scale with MQL at 100 (the common convention) and SQL at 170.
 * @example
 * scoreHistory({ events, profile, model: DEFAULT_MODEL, now })
 */
export const DEFAULT_MODEL: Model = {
  name: 'Leadbeacon default',
  halfLifeDays: 30,
  sessionGapMinutes: 30,
  thresholds: { mql: 100, sql: 170 },
  pricingPatterns: [PRICING],
  handRaisers: {
    events: ['demo_requested', 'quote_requested'],
    formPattern: 'demo|quote|(contact|talk)[-_ ]?(to[-_ ]?)?sales',
  },
  groups: {
    pages: { label: 'Pages viewed', max: 10, pick: 'sum' },
    visits: { label: 'Visits and returns', max: 15, pick: 'sum' },
    intent: { label: 'Need and timing: pricing and product pages', max: 40, pick: 'sum' },
    content: { label: 'Downloads', max: 20, pick: 'sum' },
    dwell: { label: 'Engaged time', max: 60, pick: 'sum' },
    forms: { label: 'Forms', max: 60, pick: 'sum' },
    handraise: { label: 'Asked for sales', max: 50, pick: 'sum' },
    custom: { label: "The site's own events", max: 20, pick: 'sum' },
    negative: { label: 'Not a buyer (careers, support, unsubscribe)', min: -50, pick: 'sum' },
    authority: { label: 'Authority: job title', max: 25, pick: 'first' },
    stated: { label: 'Stated a role', max: 30, pick: 'first' },
    budget: { label: 'Budget: company size', max: 20, pick: 'first' },
    email: { label: 'Business email', min: -10, pick: 'sum' },
    source: { label: 'Referred', max: 40, pick: 'sum' },
  },
  behaviour: [
    { kind: 'event', id: 'page-view', label: 'Page view', group: 'pages', types: ['page_view'], points: 1, frequency: { mode: 'each' } },
    { kind: 'session', id: 'visit', label: 'Visit', group: 'visits', minPageViews: 1, points: 3, frequency: { mode: 'each' } },
    { kind: 'session', id: 'deep-visit', label: 'Visit of 4+ pages', group: 'visits', minPageViews: 4, points: 3, frequency: { mode: 'each' } },
    {
      kind: 'repeat', id: 'return-visit', label: '2 visits in a week', group: 'visits', types: ['page_view'], count: 2,
      withinDays: 7, distinct: 'session', points: 8, frequency: { mode: 'window', max: 1, days: 7 },
    },
    {
      kind: 'event', id: 'pricing-view', label: 'Pricing page', group: 'intent', types: ['page_view'], onPricing: true,
      points: 5, frequency: { mode: 'window', max: 2, days: 1 },
    },
    {
      kind: 'repeat', id: 'pricing-repeat', label: 'Pricing 3× in a week', group: 'intent', types: ['page_view'],
      onPricing: true, count: 3, withinDays: 7, distinct: 'event', points: 10, frequency: { mode: 'window', max: 1, days: 7 },
    },
    {
      kind: 'event', id: 'product-view', label: 'Product / case-study page', group: 'intent', types: ['page_view'],
      path: PRODUCT, points: 2, frequency: { mode: 'window', max: 5, days: 1 },
    },
    { kind: 'event', id: 'download', label: 'Download', group: 'content', types: ['download'], points: 5, frequency: { mode: 'window', max: 3, days: 1 } },
    { kind: 'engaged', id: 'engaged-time', label: 'Engaged half-minute', group: 'dwell', perSeconds: 30, points: 2, frequency: { mode: 'each' } },
    {
      kind: 'engaged', id: 'pricing-time', label: 'Engaged minute on pricing', group: 'intent', onPricing: true,
      perSeconds: 60, points: 2, frequency: { mode: 'each' },
    },
    {
      kind: 'event', id: 'form', label: 'Form submitted', group: 'forms', types: ['form_submit'], exclude: 'newsletter|subscribe',
      points: 15, frequency: { mode: 'window', max: 1, days: 1 },
    },
    {
      kind: 'event', id: 'newsletter', label: 'Newsletter sign-up', group: 'forms', types: ['form_submit'], name: 'newsletter|subscribe',
      exclude: 'unsubscribe', points: 10, frequency: { mode: 'once' },
    },
    {
      kind: 'event', id: 'sales-request', label: 'Demo or quote requested', group: 'handraise', types: ['custom'],
      name: '^(demo|quote)_requested$', points: 50, frequency: { mode: 'window', max: 1, days: 30 },
    },
    {
      kind: 'event', id: 'custom-event', label: 'Other custom event', group: 'custom', types: ['custom'],
      exclude: '^(demo|quote)_requested$|unsubscribe', points: 0, frequency: { mode: 'window', max: 1, days: 1 },
    },
    {
      kind: 'event', id: 'careers', label: 'Careers page', group: 'negative', types: ['page_view'], path: CAREERS,
      points: -10, frequency: { mode: 'window', max: 1, days: 1 },
    },
    { kind: 'session', id: 'support-only', label: 'Support-only visit', group: 'negative', allPaths: SUPPORT, points: -5, frequency: { mode: 'each' } },
    {
      kind: 'event', id: 'unsubscribe', label: 'Unsubscribed', group: 'negative', types: ['form_submit', 'custom'],
      name: 'unsubscribe', points: -30, frequency: { mode: 'once' },
    },
    {
      kind: 'event', id: 'unsubscribe-page', label: 'Unsubscribe page', group: 'negative', types: ['page_view'],
      path: '(^|/)unsubscribe', points: -30, frequency: { mode: 'once' },
    },
  ],
  fit: [
    { id: 'title-exec', label: 'C-level, founder, owner', group: 'authority', field: 'title', points: 25, match: { kind: 'pattern', pattern: '\\b(c[eotfmir]o|chief|founder|co-founder|owner|president|partner|managing director)\\b' } },
    { id: 'title-vp', label: 'VP / head of', group: 'authority', field: 'title', points: 20, match: { kind: 'pattern', pattern: '\\b(vp|svp|evp|vice president|head of)\\b' } },
    { id: 'title-director', label: 'Director', group: 'authority', field: 'title', points: 15, match: { kind: 'pattern', pattern: '\\bdirector\\b' } },
    { id: 'title-manager', label: 'Manager / lead', group: 'authority', field: 'title', points: 10, match: { kind: 'pattern', pattern: '\\b(manager|lead|principal|senior|sr)\\b' } },
    { id: 'title-junior', label: 'Student / intern', group: 'authority', field: 'title', points: -15, match: { kind: 'pattern', pattern: '\\b(student|intern|trainee)\\b' } },
    { id: 'stated-title', label: 'Gave a job title', group: 'stated', field: 'title', points: 30, match: { kind: 'pattern', pattern: '\\S' } },
    { id: 'size-1000', label: '1,000+ employees', group: 'budget', field: 'companySize', points: 20, match: { kind: 'range', min: 1000 } },
    { id: 'size-200', label: '200–999 employees', group: 'budget', field: 'companySize', points: 15, match: { kind: 'range', min: 200 } },
    { id: 'size-50', label: '50–199 employees', group: 'budget', field: 'companySize', points: 10, match: { kind: 'range', min: 50 } },
    { id: 'size-11', label: '11–49 employees', group: 'budget', field: 'companySize', points: 5, match: { kind: 'range', min: 11 } },
    { id: 'free-mail', label: 'Free-mail address', group: 'email', field: 'email', points: -10, match: { kind: 'freeMail' } },
    { id: 'disposable-mail', label: 'Disposable address', group: 'email', field: 'email', points: -20, match: { kind: 'disposableMail' } },
    { id: 'referred', label: 'Referred by a customer or partner', group: 'source', field: 'source', points: 40, match: { kind: 'pattern', pattern: '\\b(reference|referred|recommendations?|word[- ]of[- ]mouth|partners?)\\b' } },
  ],
  limits: {
    engagement: { min: -50, max: 150 },
    fit: { min: -40, max: 120 },
    total: { min: -100, max: 270 },
  },
  grades: { fit: [40, 20, 5], engagement: [80, 40, 10] },
}
