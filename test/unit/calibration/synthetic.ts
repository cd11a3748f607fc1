/**
 * Synthetic leads with a known answer, shared by the calibration tests: win odds rise with engaged time
 * and with occupation "Working Professional", fall when occupation is not given.
 */
import type { Sample } from '../../../worker/calibration/features'
import { sigmoid } from '../../../worker/calibration/logistic'
import { seededRandom } from '../../../worker/calibration/random'
import { type Model, ModelSchema } from '../../../worker/scoring/model'

export const NOW = Date.UTC(2026, 0, 1)
const HOUR = 3_600_000

/** A small model of our own, so these tests do not move when the default model's numbers are tuned. */
export const TEST_MODEL: Model = ModelSchema.parse({
  name: 'test',
  halfLifeDays: 30,
  sessionGapMinutes: 30,
  thresholds: { mql: 40, sql: 80 },
  pricingPatterns: ['^/pricing'],
  handRaisers: { events: ['demo_requested'], formPattern: 'demo' },
  groups: { pages: { max: 20 }, dwell: { max: 30 }, forms: { max: 40 }, ask: { max: 50 }, content: { max: 20 }, role: { pick: 'first' } },
  behaviour: [
    { kind: 'event', id: 'page-view', group: 'pages', types: ['page_view'], points: 1 },
    { kind: 'engaged', id: 'engaged-time', group: 'dwell', perSeconds: 60, points: 1 },
    { kind: 'event', id: 'form', group: 'forms', types: ['form_submit'], points: 20 },
    { kind: 'event', id: 'demo', group: 'ask', types: ['custom'], name: '^demo_requested$', points: 50 },
    { kind: 'event', id: 'download', group: 'content', types: ['download'], points: 5 },
  ],
  fit: [{ id: 'student', group: 'role', field: 'occupation', match: { kind: 'pattern', pattern: 'student' }, points: -5 }],
  limits: { engagement: { min: 0, max: 100 }, fit: { min: -20, max: 40 }, total: { min: 0, max: 140 } },
  grades: { fit: [20, 10, 0], engagement: [60, 30, 10] },
})

const OCCUPATIONS = ['Unemployed', 'Unemployed', 'Working Professional', 'Student', '']

/**
 * `n` leads whose outcome follows logit = −1.5 + 0.25·minutes + 2·working − 1.5·unknown − 1·download
 * (the test model gives downloads +5: the data contradicts it).
 * @example
 * syntheticSamples(500, 1).length // → 500
 */
export function syntheticSamples(n: number, seed: number): Sample[] {
  const rand = seededRandom(seed)
  const out: Sample[] = []
  for (let i = 0; i < n; i++) {
    const minutes = Math.floor(rand() * 12)
    const occupation = OCCUPATIONS[Math.floor(rand() * OCCUPATIONS.length)]
    const download = rand() < 0.3
    const at = NOW - 2 * HOUR
    const events: Sample['events'] = [
      { id: `${i}:0`, type: 'page_view', at, path: '/' },
      ...(minutes > 0 ? [{ id: `${i}:1`, type: 'engaged' as const, at: at + 1000, path: '/', seconds: minutes * 60 }] : []),
      ...(download ? [{ id: `${i}:2`, type: 'download' as const, at: at + 2000, path: '/', name: '/guide.pdf' }] : []),
    ]
    const logit = -1.5 + 0.25 * minutes + (occupation === 'Working Professional' ? 2 : 0) - (occupation === '' ? 1.5 : 0) - (download ? 1 : 0)
    out.push({
      events,
      profile: occupation ? { email: `l${i}@x.io`, occupation } : { email: `l${i}@x.io` },
      outcome: rand() < sigmoid(logit) ? 'won' : 'lost',
    })
  }
  return out
}
