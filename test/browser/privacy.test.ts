import { describe, expect, it } from 'vitest'
import { until } from './support/chromium'
import { plain } from './support/fake-ingest'
import { type Opened, useHarness } from './support/harness'

const DNT = `Object.defineProperty(Navigator.prototype, 'doNotTrack', { configurable: true, get: () => '1' })`
const GPC = `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { configurable: true, get: () => true })`

const BODY = `<a id="pdf" href="/guide.pdf">Guide</a>
<form id="f"><input type="email" name="email" value="ann@acme.io"><button id="send">Send</button></form>
<script>document.addEventListener('click', (e) => e.target.id === 'pdf' && e.preventDefault());
document.addEventListener('submit', (e) => e.preventDefault())</script>`

/** Everything a visitor can do on a page: read, download, submit, identify, track, hide (and, with `grant`, consent). */
async function doEverything(o: Opened, grant: boolean) {
  await o.tick(5_000)
  await o.page.click('#pdf')
  await o.page.click('#send')
  await o.page.evaluate((grant) => {
    const lb = window.leadbeacon
    lb('identify', { email: 'ann@acme.io', company: 'Acme' })
    lb('track', 'demo_requested', { plan: 'pro' })
    if (grant) lb('consent', true) // cannot lift DNT or GPC
    ;window.__setVisibility('hidden')
  }, grant)
  await o.tick(5_000)
}

const stored = (o: Opened) => o.page.evaluate(() => localStorage.getItem('lb'))

describe('privacy', () => {
  const h = useHarness()

  for (const [name, init] of [
    ['Do-Not-Track', DNT],
    ['Global Privacy Control', GPC],
  ]) {
    it(`with ${name} on, sends nothing and stores nothing, whatever the page does`, async () => {
      h.fake.page('*', { body: BODY })
      const o = await h.open('/pricing', { init: [init] })
      await doEverything(o, true)
      await o.page.goto(`${h.fake.siteUrl}/next`) // leaving: pagehide
      await o.tick(5_000)
      expect(await stored(o)).toBeNull()
      expect(h.fake.requests).toEqual([])
      expect(o.errors).toEqual([])
    })
  }

  it('data-consent="required": nothing leaves the page (or reaches storage) until consent, then the held events go', async () => {
    h.fake.page('*', { title: 'Pricing', attrs: 'data-consent="required"', body: BODY })
    const o = await h.open('/pricing')
    await o.tick(5_000)
    await o.page.click('#pdf')
    await o.tick(5_000)
    expect(h.fake.requests).toEqual([])
    expect(await stored(o)).toBeNull()
    await o.page.evaluate(() => window.leadbeacon('consent', true))
    await until(() => h.fake.accepted().length === 2, 'the held events')
    expect(h.fake.accepted().map(plain)).toEqual([
      { t: 'pv', p: '/pricing', ti: 'Pricing' },
      { t: 'dl', p: '/pricing', u: `${h.fake.siteUrl}/guide.pdf` },
    ])
    expect(o.errors).toEqual([])
  })

  it("consent(false) stops sending and forgets the visitor: a later visit is a new, unlinked visitor", async () => {
    h.fake.page('*', { title: 'Home', body: BODY })
    const o = await h.open('/home')
    await o.tick()
    await until(() => h.fake.accepted().length === 1, 'the page view')
    const first = h.fake.batches()[0].v
    expect(JSON.parse((await stored(o)) ?? 'null')?.v).toBe(first)

    await o.page.evaluate(() => window.leadbeacon('consent', false))
    expect(await stored(o)).toBe('0') // the visitor id is gone
    await doEverything(o, false)
    await o.page.goto(`${h.fake.siteUrl}/home`) // pagehide, then a new page that does not ask for consent
    expect(h.fake.requests).toHaveLength(1)

    await o.tick()
    await until(() => h.fake.requests.length === 2, 'the next visit')
    const next = h.fake.batches()[1]
    expect(next.v).not.toBe(first)
    expect(next.e.map(plain)).toEqual([{ t: 'pv', p: '/home', ti: 'Home' }])
    expect(o.errors).toEqual([])
  })
})
