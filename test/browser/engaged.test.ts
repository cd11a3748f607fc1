import { describe, expect, it } from 'vitest'
import { until } from './support/chromium'
import { plain } from './support/fake-ingest'
import { useHarness } from './support/harness'

describe('engaged time', () => {
  const h = useHarness()

  it('counts visible time, pauses while hidden and after 30 s without input, and is sent when the tab hides', async () => {
    h.fake.page('/read', { title: 'Read' })
    const o = await h.open('/read')
    const hide = async (state: 'hidden' | 'visible') => o.page.evaluate((s) => window.__setVisibility(s), state)
    const engaged = () => h.fake.accepted().filter((e) => e.t === 'eng').map(plain)

    await o.tick(10_000) // visible, the load counts as activity
    await hide('hidden')
    await until(() => engaged().length === 1, 'the first eng')
    expect(engaged()).toEqual([{ t: 'eng', p: '/read', n: 10 }])

    await o.tick(60_000) // hidden: nothing counts, nothing is sent
    expect(engaged()).toHaveLength(1)
    await hide('visible') // coming back counts as activity
    await o.tick(5_000)
    await hide('hidden')
    await until(() => engaged().length === 2, 'the second eng')
    expect(engaged()[1]).toEqual({ t: 'eng', p: '/read', n: 5 })

    await hide('visible')
    await o.tick(120_000) // no input: counting stops 30 s after the last activity (ticks at +1 … +29 s)
    await o.page.keyboard.press('Tab') // input: counting resumes
    await o.tick(3_000)
    await hide('hidden')
    await until(() => engaged().length === 3, 'the third eng')
    expect(engaged()[2]).toEqual({ t: 'eng', p: '/read', n: 29 + 3 })

    // nothing but the first page view and these three: an idle or hidden tab sends nothing
    expect(h.fake.accepted().map((e) => e.t)).toEqual(['pv', 'eng', 'eng', 'eng'])
    expect(o.errors).toEqual([])
  })
})
