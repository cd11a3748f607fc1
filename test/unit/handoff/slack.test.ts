import type { ActionsBlock } from '@slack/types'
import { describe, expect, it } from 'vitest'
import { buildSlackMessage } from '../../../worker/alerts/slack'
import { decodeHandoffRef, encodeHandoffRef } from '../../../worker/alerts/slack-handoff'
import { actorLabel, alreadyReply, decisionReply } from '../../../worker/handoff/replies'
import { readSlackClick } from '../../../worker/handoff/slack-payload'
import { signSlackBody, timestampFresh, verifySlackSignature } from '../../../worker/handoff/slack-signature'
import { sampleContext, T0 } from '../alerts/fixture'

const actionsOf = (blocks: { type: string }[]) => blocks.find((b) => b.type === 'actions') as ActionsBlock | undefined

describe('the handoff controls of a Slack alert', () => {
  it('an SQL alert of a site with a Slack app carries accept, disqualify and recycle before Open lead', () => {
    const a = actionsOf(buildSlackMessage(sampleContext(), { handoff: true }).blocks)!
    expect(a.block_id).toBe('lb1|st_1|ld_1')
    expect(a.elements.map((e) => ('action_id' in e ? e.action_id : null))).toEqual(['accept', 'disqualify', 'recycle', 'open_lead'])
    // with the SQL transition it announces, every control names that episode
    const b = actionsOf(buildSlackMessage(sampleContext(), { handoff: true, episode: 'tr_9' }).blocks)!
    expect(b.block_id).toBe('lb2|st_1|ld_1|tr_9')
    expect(b.elements.filter((e) => e.type === 'button' && 'value' in e).map((e) => ('value' in e ? e.value : null))).toEqual(['lb2|st_1|ld_1|tr_9', 'lb2|st_1|ld_1|tr_9'])
  })

  it('without a Slack app, or on an MQL alert, only the link', () => {
    for (const msg of [buildSlackMessage(sampleContext()), buildSlackMessage(sampleContext({ stage: 'mql' }), { handoff: true })]) {
      expect(actionsOf(msg.blocks)!.elements.map((e) => e.type)).toEqual(['button'])
      expect(JSON.stringify(msg.blocks)).not.toContain('lb1|')
    }
  })

  it('references round-trip and refuse anything else', () => {
    expect(decodeHandoffRef(encodeHandoffRef({ siteId: 'st_a', leadId: 'ld_b' }))).toEqual({ siteId: 'st_a', leadId: 'ld_b' })
    expect(decodeHandoffRef(encodeHandoffRef({ siteId: 'st_a', leadId: 'ld_b', episode: 'tr_c' }))).toEqual({ siteId: 'st_a', leadId: 'ld_b', episode: 'tr_c' })
    for (const bad of ['lb1|st_a', 'lb1|st a|ld_b', 'lb2|st_a|ld_b', 'lb1|st_a|ld_b|x', 'lb2|st_a|ld_b|tr c', 'lb2|st_a|ld_b|tr_c|d', 42, null]) {
      expect(decodeHandoffRef(bad)).toBeNull()
    }
  })
})

describe('Slack v0 signatures', () => {
  const secret = '8f742231b10e8888abcd99yyyzzz85a5'
  const now = 1_531_420_618_000
  const ts = '1531420618'
  // Slack's published test vector (docs.slack.dev, "Verifying requests from Slack")
  const body =
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA' +
    '&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554' +
    '%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c'

  it("matches Slack's documented example", async () => {
    expect(await signSlackBody(secret, ts, body)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503')
    expect(await verifySlackSignature({ secret, timestamp: ts, signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503', rawBody: body, now })).toEqual({ ok: true })
  })

  it('refuses another secret, an altered body, a malformed header and a stale or future timestamp', async () => {
    const sig = await signSlackBody(secret, ts, body)
    expect((await verifySlackSignature({ secret: 'x'.repeat(32), timestamp: ts, signature: sig, rawBody: body, now })).ok).toBe(false)
    expect((await verifySlackSignature({ secret, timestamp: ts, signature: sig, rawBody: `${body}&x=1`, now })).ok).toBe(false)
    expect((await verifySlackSignature({ secret, timestamp: ts, signature: sig.slice(0, -1), rawBody: body, now })).ok).toBe(false)
    expect((await verifySlackSignature({ secret, timestamp: ts, signature: undefined, rawBody: body, now })).ok).toBe(false)
    expect(timestampFresh(ts, now + 5 * 60_000).ok).toBe(true)
    expect(timestampFresh(ts, now + 5 * 60_000 + 1).ok).toBe(false)
    expect(timestampFresh(ts, now - 5 * 60_000 - 1).ok).toBe(false)
    expect(timestampFresh('1e9', now).ok).toBe(false)
  })
})

describe('reading a click and answering it', () => {
  const payload = (action: Record<string, unknown>) =>
    `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U1', username: 'sam' }, response_url: 'https://hooks.slack.com/actions/T/1/x', actions: [action] }))}`

  it('reads accept, disqualify with a known reason, recycle; a link click or unknown reason decides nothing', () => {
    const ref = 'lb1|st_1|ld_1'
    expect(readSlackClick(payload({ action_id: 'accept', block_id: ref, value: ref }))).toMatchObject({ ref: { siteId: 'st_1', leadId: 'ld_1' }, user: { id: 'U1', name: 'sam' }, decision: { stage: 'accepted' } })
    expect(readSlackClick(payload({ action_id: 'disqualify', block_id: ref, selected_option: { value: 'spam' } }))?.decision).toEqual({ stage: 'disqualified', reason: 'spam' })
    expect(readSlackClick(payload({ action_id: 'disqualify', block_id: ref, selected_option: { value: 'rude' } }))?.decision).toBeNull()
    expect(readSlackClick(payload({ action_id: 'recycle', block_id: ref }))?.decision?.stage).toBe('recycled')
    expect(readSlackClick(payload({ action_id: 'open_lead', block_id: ref }))?.decision).toBeNull()
    expect(readSlackClick(payload({ action_id: 'accept', block_id: 'someone-else' }))).toBeNull()
    expect(readSlackClick('payload=%7Bnot json')).toBeNull()
  })

  it('says who did what, escaping what a visitor typed', () => {
    const r = decisionReply({ name: '<!channel> Jo', email: 'jo@x.io', company: null }, { stage: 'accepted', reason: null }, 'slack:U1 sam', T0)
    expect(r.text).toBe('Accepted by @sam · 09:30 UTC: <!channel> Jo')
    expect(JSON.stringify(r.blocks)).toContain('&lt;!channel&gt; Jo')
    expect(JSON.stringify(r.blocks)).not.toContain('<!channel>')
    expect(alreadyReply('disqualified', { actor: 'key:crm', at: T0 }).text).toBe('This lead is already disqualified by API key crm · 09:30 UTC; nothing changed.')
    expect(actorLabel(null)).toBe('scoring')
  })
})
