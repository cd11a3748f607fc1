// Ingest scores from the stored scoring state and the batch; whatever path a lead's events took
// (anonymous visits, identifying, a second device merging in), its stored score equals scoring
// everything stored for it from scratch.
import { describe, expect, it } from 'vitest'
import { createSite, ident, pv, rows, send, track, uid } from './helpers'
import { scratchScore, storedScore } from './support/from-scratch'

const MIN = 60_000

describe('incremental ingest', () => {
  it('equals scoring from scratch across anonymous visits, identifying, and a second device merging in', async () => {
    const site = await createSite()
    const [a, b] = [uid('va'), uid('vb')]
    const email = `${uid('bo')}@acme.test`
    const t = Date.now() - 3 * 24 * 60 * MIN
    const ok = async (v: string, e: unknown[]) => expect((await send({ s: site.siteKey, v, e })).status).toBe(202)
    // device A: two anonymous visits, then it identifies (a new lead takes over the visitor's state)
    await ok(a, [pv('/', t), pv('/pricing', t + MIN), pv('/product', t + 2 * MIN)])
    await ok(a, [pv('/pricing', t + 26 * 60 * MIN), pv('/customers', t + 26 * 60 * MIN + MIN)])
    await ok(a, [ident(email, { title: 'Director' }, t + 26 * 60 * MIN + 2 * MIN), pv('/pricing', t + 26 * 60 * MIN + 3 * MIN)])
    const [lead] = await rows<{ id: string }>('select id from leads where email = ?', email)
    expect(await storedScore(lead.id)).toEqual(await scratchScore(lead.id))
    // device B: anonymous history of its own, then the same email: two histories merge (scored from scratch)
    await ok(b, [pv('/careers', t + 30 * 60 * MIN), pv('/pricing', t + 30 * 60 * MIN + MIN)])
    await ok(b, [ident(email, {}, t + 48 * 60 * MIN), track('demo_requested', t + 48 * 60 * MIN + MIN)])
    expect(await storedScore(lead.id)).toEqual(await scratchScore(lead.id))
    // both devices keep sending: scored incrementally on the lead's state
    await ok(a, [pv('/pricing', t + 60 * 60 * MIN), pv('/docs', t + 60 * 60 * MIN + MIN)])
    await ok(b, [pv('/product', t + 61 * 60 * MIN)])
    const after = await storedScore(lead.id)
    expect(after).toEqual(await scratchScore(lead.id))
    expect(after.score).toBeGreaterThan(0)
  })
})
