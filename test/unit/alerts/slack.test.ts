import type { KnownBlock } from '@slack/types'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildSlackMessage, SLACK_LIMITS } from '../../../worker/alerts/slack'
import { adversarialContext, sampleContext, T0 } from './fixture'

/** Every mrkdwn string in the message, with where it sits (for failure messages). */
function mrkdwnTexts(msg: { text: string; blocks: KnownBlock[] }): string[] {
  const out = [msg.text]
  for (const b of msg.blocks) {
    if (b.type === 'section') {
      if (b.text?.type === 'mrkdwn') out.push(b.text.text)
      for (const f of b.fields ?? []) if (f.type === 'mrkdwn') out.push(f.text)
    }
    if (b.type === 'context') for (const e of b.elements) if (e.type === 'mrkdwn') out.push(e.text)
  }
  return out
}

// the only <…> sequences we emit ourselves: Slack's date formatting with a plain fallback
const OUR_DATE = /<!date\^\d+\^\{date_short_pretty\} \{time\}\|\d{4}-\d\d-\d\d \d\d:\d\d UTC>/g

function checkLimits(msg: { text: string; blocks: KnownBlock[] }) {
  expect(msg.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks)
  expect(msg.text.length).toBeGreaterThan(0)
  expect(msg.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText)
  for (const b of msg.blocks) {
    if (b.type === 'header') {
      expect(b.text.type).toBe('plain_text')
      expect(b.text.text.length).toBeGreaterThan(0)
      expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText)
      expect(b.text.text).not.toMatch(/[\r\n]/)
    }
    if (b.type === 'section') {
      expect(b.text || b.fields).toBeTruthy()
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText)
      expect((b.fields ?? []).length).toBeLessThanOrEqual(SLACK_LIMITS.fields)
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText)
    }
    if (b.type === 'context') {
      expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements)
      for (const e of b.elements) if (e.type === 'mrkdwn') expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText)
    }
    if (b.type === 'actions') {
      for (const e of b.elements) {
        if (e.type !== 'button') continue
        expect(e.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText)
        expect(e.url?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.buttonUrl)
      }
    }
  }
  // no entity may be cut in half and no bracket may survive unescaped
  for (const t of mrkdwnTexts(msg)) {
    const rest = t.replace(OUR_DATE, '')
    expect(rest, t.slice(0, 200)).not.toMatch(/[<>]/)
    expect(rest).not.toMatch(/&(?!amp;|lt;|gt;)/)
  }
}

describe('buildSlackMessage', () => {
  it('says who, how good, why, what they did, the account and links to the lead', () => {
    const msg = buildSlackMessage(sampleContext())
    checkLimits(msg)
    const json = JSON.stringify(msg)
    const header = msg.blocks[0]
    expect(header.type === 'header' && header.text.text).toBe('SQL: Jane Doe · BigCo')
    for (const want of ['jane@bigco.com', 'VP Sales', '87.3 (engagement 60, fit 27.3)', 'A1', 'demo_requested  *+40*', 'pricing_page  *+10*']) {
      expect(json).toContain(want)
    }
    expect(json).not.toContain('free_mail') // a negative reason is not why the lead qualified
    expect(json).toContain('Viewed /pricing')
    expect(json).toContain('Downloaded /files/roi-guide.pdf')
    expect(json).toContain('Submitted form request-demo on /demo')
    expect(json).toContain(`<!date^${Math.floor((T0 - 60_000) / 1000)}^`)
    expect(json).toContain('bigco.com · score 140 · 2 other engaged people')
    expect(json).toContain('Bob Roe (CTO)')
    expect(json).not.toContain('idle@bigco.com')
    const actions = msg.blocks.find((b) => b.type === 'actions')
    expect(actions && actions.type === 'actions' && actions.elements[0]).toMatchObject({ type: 'button', url: 'https://lb.example.com/app/leads/ld_1' })
    expect(msg.text).toBe(':fire: SQL: Jane Doe · BigCo (score 87, jane@bigco.com)')
  })

  it('labels MQL and re-engagement, and leaves out empty sections', () => {
    const msg = buildSlackMessage(sampleContext({ stage: 'mql', reengaged: true, reasons: [], recent: [], account: null }))
    checkLimits(msg)
    expect(msg.blocks.map((b) => b.type)).toEqual(['header', 'section', 'actions', 'context'])
    expect(msg.text.startsWith(':chart_with_upwards_trend: MQL again: Jane Doe')).toBe(true)
  })

  it('escapes what a visitor typed, so <!channel> pings nobody and links go nowhere', () => {
    const ctx = sampleContext()
    const msg = buildSlackMessage({
      ...ctx,
      lead: { ...ctx.lead, name: '<!channel> Bob', company: '<https://evil.example|click>', title: 'R&D <@U024BE7LH>' },
      reasons: [{ rule: '<!here>', points: 5 }],
      recent: [{ type: 'page_view', path: '/<!everyone>', at: T0 }],
    })
    checkLimits(msg)
    const texts = mrkdwnTexts(msg).join('\n')
    expect(texts).toContain('&lt;!channel&gt; Bob')
    expect(texts).toContain('&lt;https://evil.example|click&gt;')
    expect(texts).toContain('R&amp;D &lt;@U024BE7LH&gt;')
    expect(texts).toContain('&lt;!here&gt;')
    expect(texts).toContain('/&lt;!everyone&gt;')
    expect(texts).not.toContain('<!channel>')
  })

  it('leaves the account out when no colleague is engaged', () => {
    const ctx = sampleContext()
    const msg = buildSlackMessage({ ...ctx, account: { domain: 'bigco.com', score: 87, engagedPeople: 0, people: [] } })
    expect(JSON.stringify(msg)).not.toContain('*Account*')
  })

  it('omits the button when the lead link is not a usable URL', () => {
    const msg = buildSlackMessage(sampleContext({ leadUrl: 'javascript:alert(1)' }))
    expect(msg.blocks.some((b) => b.type === 'actions')).toBe(false)
  })

  it('stays within every Block Kit limit and escapes everything, whatever the input', () => {
    fc.assert(
      fc.property(adversarialContext, (ctx) => {
        checkLimits(buildSlackMessage(ctx))
      }),
      { numRuns: 200 },
    )
  }, 60_000)
})
