import { describe, expect, inject, it } from 'vitest'
import { until } from './support/chromium'
import { plain } from './support/fake-ingest'
import { useHarness, waitForTag } from './support/harness'

describe('page views', () => {
  const h = useHarness()

  it('sends one page view, path and utm_* only, external referrer as origin + path, nothing before the first tick', async () => {
    h.fake.page('*', { title: 'Pricing' })
    const o = await h.open('/pricing?utm_source=news&email=ann%40acme.io&utm_campaign=q4#plans', {
      referer: 'https://www.google.com/search?q=leadbeacon',
    })
    expect(h.fake.requests).toEqual([])
    await o.tick()
    const [r] = await until(() => h.fake.requests.length > 0 && h.fake.requests, 'the first request')
    expect(r.method).toBe('POST')
    expect(r.fetchMode).toBe('cors') // keepalive fetch, which sees the answer
    expect(r.contentType).toMatch(/^text\/plain/)
    expect(r.origin).toBe(h.fake.siteUrl)
    expect(r.batch?.s).toBe('test')
    expect(r.batch?.v).toMatch(/^\d{4,40}$/)
    expect(r.batch?.e.map(plain)).toEqual([
      { t: 'pv', p: '/pricing?utm_source=news&utm_campaign=q4', ti: 'Pricing', r: 'https://www.google.com/search' },
    ])
    expect(h.fake.requests).toHaveLength(1)
    expect(o.errors).toEqual([])
  })

  it('omits a same-origin referrer and keeps the visitor across pages', async () => {
    h.fake.page('/a', { title: 'A', body: '<a id="next" href="/b?x=1">next</a>' })
    h.fake.page('/b', { title: 'B' })
    const o = await h.open('/a')
    await o.tick()
    await until(() => h.fake.accepted().length === 1, 'the page view of /a')
    await o.page.click('#next')
    await o.page.waitForURL('**/b?x=1')
    await waitForTag(o.page)
    await o.tick()
    await until(() => h.fake.requests.length === 3, 'the page view of /b')
    const [a, left, b] = h.fake.batches()
    expect(a.e.map(plain)).toEqual([{ t: 'pv', p: '/a', ti: 'A' }])
    // leaving /a (pagehide) sends its engaged second at once, with keepalive
    expect(left.e.map(plain)).toEqual([{ t: 'eng', p: '/a', n: 1 }])
    // /b sends its page view, after the eng again (same id, the Worker keeps it once) if /a never
    // heard its answer before it was unloaded or frozen in the back/forward cache
    const pv = b.e[b.e.length - 1]
    expect(plain(pv)).toEqual({ t: 'pv', p: '/b', ti: 'B' })
    expect(b.e.slice(0, -1)).toEqual(b.e.length > 1 ? [left.e[0]] : [])
    expect(b.v).toBe(a.v)
    expect(new Set([a.e[0].i, left.e[0].i, pv.i]).size).toBe(3)
    expect(o.errors).toEqual([])
  })

  it('counts single-page-app steps: pushState, replaceState, back and forward, with engaged time per step', async () => {
    h.fake.page('*', { title: 'App' })
    const o = await h.open('/app')
    await o.tick()
    await until(() => h.fake.accepted().length === 1, 'the first page view')
    const step = async (go: string, url: string) => {
      await o.page.evaluate(go)
      await o.page.waitForURL(`**${url}`)
      await o.tick()
    }
    await step("history.pushState({}, '', '/app/step-2?tab=billing#top')", '/app/step-2?tab=billing#top')
    await step('history.back()', '/app')
    await step('history.forward()', '/app/step-2?tab=billing#top')
    await step("history.replaceState({}, '', '/app/step-3?utm_medium=tour')", '/app/step-3?utm_medium=tour')
    await until(() => h.fake.accepted().length === 9, 'nine events')
    expect(h.fake.accepted().map(plain)).toEqual([
      { t: 'pv', p: '/app', ti: 'App' },
      // one tick (a second) on each step before the next is seen
      { t: 'eng', p: '/app', n: 1 },
      { t: 'pv', p: '/app/step-2', ti: 'App' },
      { t: 'eng', p: '/app/step-2', n: 1 },
      { t: 'pv', p: '/app', ti: 'App' },
      { t: 'eng', p: '/app', n: 1 },
      { t: 'pv', p: '/app/step-2', ti: 'App' },
      { t: 'eng', p: '/app/step-2', n: 1 },
      { t: 'pv', p: '/app/step-3?utm_medium=tour', ti: 'App' },
    ])
    expect(h.fake.requests.every((r) => r.method === 'POST')).toBe(true)
    expect(o.errors).toEqual([])
  })

  // chrome-headless-shell (the @sparticuz/chromium fallback) never puts a page in the cache
  it.skipIf(!inject('bfcache'))('counts a page restored from the back/forward cache as a page view again', async () => {
    h.fake.page('/pricing', { title: 'Pricing', body: '<a id="next" href="/features">features</a>' })
    h.fake.page('/features', { title: 'Features' })
    const o = await h.open('/pricing')
    await o.page.evaluate(() => {
      addEventListener('pageshow', (e) => {
        if (e.persisted) document.title = 'Pricing (restored)'
      })
    })
    await o.tick()
    await o.page.click('#next')
    await o.page.waitForURL('**/features')
    await waitForTag(o.page)
    await o.tick()
    // a page from the cache fires no load event: wait for the commit only
    await o.page.goBack({ waitUntil: 'commit' })
    await o.page.waitForFunction(() => document.title === 'Pricing (restored)')
    expect(await o.page.title()).toBe('Pricing (restored)') // really from the cache: no reload
    await o.tick()
    await until(() => h.fake.accepted().filter((e) => e.t === 'pv').length === 3, 'the third page view')
    expect(h.fake.accepted().filter((e) => e.t === 'pv').map(plain)).toEqual([
      { t: 'pv', p: '/pricing', ti: 'Pricing' },
      { t: 'pv', p: '/features', ti: 'Features' },
      { t: 'pv', p: '/pricing', ti: 'Pricing (restored)' },
    ])
    expect(o.errors).toEqual([])
  })
})
