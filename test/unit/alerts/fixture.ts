import fc from 'fast-check'
import { type AlertContext, buildAlertContext } from '../../../worker/alerts/context'

export const T0 = Date.UTC(2026, 10, 2, 9, 30)

/** A realistic alert: a hand-raiser with pricing visits, a download and two colleagues. */
export function sampleContext(over: Partial<AlertContext> = {}): AlertContext {
  const ctx = buildAlertContext({
    site: { id: 'st_1', name: 'Acme Analytics' },
    stage: 'sql',
    reengaged: false,
    at: T0,
    lead: {
      id: 'ld_1',
      email: 'jane@bigco.com',
      name: 'Jane Doe',
      company: 'BigCo',
      title: 'VP Sales',
      score: 87.25,
      engagementScore: 60,
      fitScore: 27.25,
      grade: 'A1',
      stage: 'sql',
      firstSeenAt: T0 - 86_400_000,
      lastSeenAt: T0,
    },
    breakdown: [
      { rule: 'demo_requested', points: 40 },
      { rule: 'pricing_page', points: 5 },
      { rule: 'pricing_page', points: 5 },
      { rule: 'title_vp', points: 15 },
      { rule: 'free_mail', points: -10 },
    ],
    events: [
      { type: 'page_view', path: '/pricing', at: T0 - 60_000 },
      { type: 'download', path: '/resources', name: '/files/roi-guide.pdf', at: T0 - 30_000 },
      { type: 'identify', at: T0 - 20_000 },
      { type: 'form_submit', path: '/demo', name: 'request-demo', at: T0 - 10_000 },
    ],
    account: {
      domain: 'bigco.com',
      score: 140,
      people: [
        { name: 'Jane Doe', email: 'jane@bigco.com', title: 'VP Sales', score: 87 },
        { name: 'Bob Roe', email: 'bob@bigco.com', title: 'CTO', score: 40 },
        { name: null, email: 'eve@bigco.com', title: null, score: 13 },
        { name: 'Idle', email: 'idle@bigco.com', title: null, score: 0 },
      ],
    },
    publicUrl: 'https://lb.example.com',
  })
  return { ...ctx, ...over }
}

/** Text a hostile visitor might type: Slack control sequences, HTML, huge, astral and control characters. */
export const nasty = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.constantFrom('<!channel>', '<!here|here>', '<@U024BE7LH>', '<https://evil.example|click me>', '&lt;!channel&gt;', '<script>alert(1)</script>', '"\'&<>', '\r\nBcc: victim@example.com', '🔥'.repeat(90)),
  fc.string({ minLength: 2000, maxLength: 9000 }),
  fc.string({ unit: 'grapheme', minLength: 100, maxLength: 400 }),
)

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true })

/** Any AlertContext with hostile strings everywhere a visitor (or a site owner) could put one. */
export const adversarialContext: fc.Arbitrary<AlertContext> = fc
  .record({
    name: fc.option(nasty, { nil: null }),
    email: nasty,
    company: fc.option(nasty, { nil: null }),
    title: fc.option(nasty, { nil: null }),
    grade: nasty,
    site: nasty,
    score: finite,
    reasons: fc.array(fc.record({ rule: nasty, points: finite }), { maxLength: 20 }),
    recent: fc.array(
      fc.record({ type: fc.constantFrom('page_view', 'download', 'form_submit', 'custom'), path: nasty, name: nasty, at: fc.integer({ min: 0, max: 4e12 }) }),
      { maxLength: 16 },
    ),
    account: fc.option(
      fc.record({
        domain: nasty,
        score: finite,
        engagedPeople: fc.nat(10_000),
        people: fc.array(fc.record({ name: fc.option(nasty, { nil: null }), email: nasty, title: fc.option(nasty, { nil: null }), score: finite }), { maxLength: 12 }),
      }),
      { nil: null },
    ),
    stage: fc.constantFrom('sql' as const, 'mql' as const),
    reengaged: fc.boolean(),
  })
  .map((r) =>
    sampleContext({
      stage: r.stage,
      reengaged: r.reengaged,
      site: { id: 'st_x', name: r.site },
      lead: { ...sampleContext().lead, name: r.name, email: r.email, company: r.company, title: r.title, grade: r.grade, score: r.score },
      reasons: r.reasons,
      recent: r.recent,
      account: r.account,
    }),
  )
