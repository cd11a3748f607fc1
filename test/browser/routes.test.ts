import { describe, expect, it } from 'vitest'
import { until } from './support/chromium'
import { plain } from './support/fake-ingest'
import { useHarness } from './support/harness'

// Single-page-app steps are seen at once (a history hook and popstate), not by the one-second tick:
// each test makes several steps within one second of the page's paused clock, and every one counts.
describe('single-page-app routes', () => {
  const h = useHarness()
  const pageViews = () => h.fake.accepted().filter((e) => e.t === 'pv').map(plain)

  it('hash-routed: a #/ or #!/ route is part of the path, verbatim; two steps within a second both count', async () => {
    h.fake.page('/app', { title: 'App' })
    const o = await h.open('/app#/pricing')
    await o.tick()
    await until(() => h.fake.accepted().length === 1, 'the first page view')
    const go = async (hash: string, ms: number) => {
      await o.page.evaluate((x) => {
        location.hash = x
      }, hash)
      await o.page.waitForURL(`**${hash}`)
      await o.tick(ms)
    }
    await go('#/contact', 200)
    await go('#!/plans?tab=annual', 200)
    // a bare #/ is the app's home: the page's own path
    await go('#/', 600)
    await until(() => h.fake.requests.length === 2, 'the steps')
    expect(h.fake.accepted().map(plain)).toEqual([
      { t: 'pv', p: '/app#/pricing', ti: 'App' },
      // the first tick counted a second on /#/pricing; the steps within the next second count none
      { t: 'eng', p: '/app#/pricing', n: 1 },
      { t: 'pv', p: '/app#/contact', ti: 'App' },
      { t: 'pv', p: '/app#!/plans?tab=annual', ti: 'App' },
      { t: 'pv', p: '/app', ti: 'App' },
    ])
    // back (popstate, no tick in between)
    await o.page.goBack()
    await o.page.waitForURL('**#!/plans?tab=annual')
    await o.tick()
    await until(() => pageViews().length === 5, 'the step back')
    expect(h.fake.accepted().slice(5).map(plain)).toEqual([
      { t: 'eng', p: '/app', n: 1 },
      { t: 'pv', p: '/app#!/plans?tab=annual', ti: 'App' },
    ])
    expect(o.errors).toEqual([])
  })

  it('a fragment that is no route changes nothing, and a router adding #/ at load adds no page view', async () => {
    h.fake.page('/docs', { title: 'Docs', body: '<a id="jump" href="#install">Install</a><h2 id="install">Install</h2>' })
    const o = await h.open('/docs#intro')
    await o.page.click('#jump')
    await o.page.waitForURL('**#install')
    await o.tick(300)
    await o.page.evaluate(() => history.replaceState(null, '', '#/'))
    await o.tick(700)
    await until(() => h.fake.requests.length === 1, 'the first batch')
    await o.tick(3000)
    expect(h.fake.accepted().map(plain)).toEqual([{ t: 'pv', p: '/docs', ti: 'Docs' }])
    expect(o.errors).toEqual([])
  })

  it('history-routed: pushState steps within a second each count, with the title the app set; a redirect in one task counts once', async () => {
    h.fake.page('*', { title: 'Shop' })
    const o = await h.open('/shop')
    await o.tick()
    await until(() => h.fake.accepted().length === 1, 'the first page view')
    const step = async (js: string, ms: number) => {
      await o.page.evaluate(js)
      await o.tick(ms)
    }
    // the app renders after its pushState, in the same task: the page view carries the new title
    await step("history.pushState({}, '', '/shop/cart'); document.title = 'Cart'", 200)
    await step("history.pushState({}, '', '/shop/checkout?coupon=X1&utm_source=mail#step-1'); document.title = 'Checkout'", 200)
    // a guard redirects before anything renders: one page view, where it lands
    await step("history.pushState({}, '', '/login'); history.replaceState({}, '', '/shop/account'); document.title = 'Account'", 600)
    await until(() => h.fake.requests.length === 2, 'the steps')
    expect(h.fake.accepted().map(plain)).toEqual([
      { t: 'pv', p: '/shop', ti: 'Shop' },
      { t: 'eng', p: '/shop', n: 1 },
      { t: 'pv', p: '/shop/cart', ti: 'Cart' },
      { t: 'pv', p: '/shop/checkout?utm_source=mail', ti: 'Checkout' },
      { t: 'pv', p: '/shop/account', ti: 'Account' },
    ])
    // the hook keeps history's behaviour: the page's own call still returns nothing and still throws
    const [ret, thrown] = await o.page.evaluate(() => {
      const r = history.replaceState(history.state, '')
      try {
        history.pushState({}, '', 'https://elsewhere.example/x')
        return [r, null]
      } catch (e) {
        return [r, (e as Error).name]
      }
    })
    expect(ret).toBeUndefined()
    expect(thrown).toBe('SecurityError')
    await o.page.goBack()
    await o.page.waitForURL('**/shop/checkout?**')
    await o.tick()
    await until(() => pageViews().length === 5, 'the step back')
    expect(h.fake.accepted().slice(5).map(plain)).toEqual([
      { t: 'eng', p: '/shop/account', n: 1 },
      { t: 'pv', p: '/shop/checkout?utm_source=mail', ti: 'Account' },
    ])
    expect(o.errors).toEqual([])
  })
})
