import { describe, expect, it } from 'vitest'
import { until } from './support/chromium'
import { plain } from './support/fake-ingest'
import { useHarness, waitForTag } from './support/harness'

describe('delivery', () => {
  const h = useHarness()

  it('endpoint down, then back: the same events (same ids) are re-sent, after a 30-second pause', async () => {
    h.fake.page('*', { title: 'P' })
    h.fake.setMode('down')
    const o = await h.open('/p')
    await o.tick()
    await until(() => h.fake.requests.length === 1, 'the failed attempt')
    const failed = h.fake.batches()[0]
    h.fake.setMode('ok')
    await o.page.evaluate(() => window.leadbeacon('track', 'clicked'))
    await o.tick(29_000)
    expect(h.fake.requests).toHaveLength(1) // one try per 30 s while it fails
    await o.tick(2_000)
    await until(() => h.fake.requests.length === 2, 'the retry')
    const retry = h.fake.batches()[1]
    expect(retry.v).toBe(failed.v)
    expect(retry.e[0]).toEqual(failed.e[0])
    expect(retry.e.map(plain)).toEqual([
      { t: 'pv', p: '/p', ti: 'P' },
      { t: 'tr', p: '/p', n: 'clicked' },
    ])
    expect(o.errors).toEqual([])
  })

  for (const status of [500, 429] as const) {
    it(`keeps a batch answered ${status} and sends it on the next page`, async () => {
      h.fake.page('*', { title: 'P' })
      h.fake.setMode(status)
      const o = await h.open('/a')
      // the page must have read the refusal before it is left (else /a's last flush is no retry yet)
      const answered = o.page.waitForResponse((r) => new URL(r.url()).pathname === '/e')
      await o.tick()
      await until(() => h.fake.requests.length === 1, 'the refused attempt')
      expect((await answered).status()).toBe(status)
      const refused = h.fake.batches()[0].e[0]
      h.fake.setMode('ok')
      await o.page.goto(`${h.fake.siteUrl}/b`)
      await waitForTag(o.page)
      await o.tick()
      await until(() => h.fake.accepted().length >= 3, 'the next page')
      const accepted = h.fake.accepted()
      expect(accepted[0]).toEqual(refused)
      // leaving /a inside the pause stored its engaged second instead of sending it
      expect(accepted.map(plain)).toEqual([
        { t: 'pv', p: '/a', ti: 'P' },
        { t: 'eng', p: '/a', n: 1 },
        { t: 'pv', p: '/b', ti: 'P' },
      ])
      expect(h.fake.requests).toHaveLength(2)
      expect(o.errors).toEqual([])
    })
  }

  it('drops a batch refused with another 4xx (it would be refused forever)', async () => {
    h.fake.page('*', { title: 'P' })
    h.fake.setMode(400)
    const o = await h.open('/a')
    await o.tick()
    await until(() => h.fake.requests.length === 1, 'the refused batch')
    h.fake.setMode('ok')
    await o.page.evaluate(() => window.leadbeacon('track', 'next'))
    await o.tick()
    await until(() => h.fake.requests.length === 2, 'the next batch')
    expect(h.fake.batches()[1].e.map(plain)).toEqual([{ t: 'tr', p: '/a', n: 'next' }])
    expect(o.errors).toEqual([])
  })

  it('works where localStorage throws: events still go, the page sees no error', async () => {
    h.fake.page('*', { title: 'Locked', body: '<a id="pdf" href="/x.pdf" onclick="return false">pdf</a>' })
    const o = await h.open('/locked', {
      init: [
        `Object.defineProperty(window, 'localStorage', { configurable: true, get() { throw new DOMException('blocked', 'SecurityError') } })`,
      ],
    })
    await o.page.click('#pdf')
    await o.page.evaluate(() => window.leadbeacon('identify', { email: 'ann@acme.io' }))
    await o.tick()
    await until(() => h.fake.accepted().length === 3, 'the events')
    expect(h.fake.accepted().map(plain)).toEqual([
      { t: 'pv', p: '/locked', ti: 'Locked' },
      { t: 'dl', p: '/locked', u: `${h.fake.siteUrl}/x.pdf` },
      { t: 'id', p: '/locked', d: { email: 'ann@acme.io' } },
    ])
    expect(o.errors).toEqual([])
  })

  it('replays the queue stub in order, after the page view', async () => {
    h.fake.page('*', {
      title: 'Stub',
      before: `leadbeacon('identify', { email: 'ann@acme.io', job_title: 'CTO', password: 'x' });
        leadbeacon('track', 'demo_requested', { plan: 'pro', seats: 5, trial: true });
        leadbeacon('bogus-command', 1)`,
    })
    const o = await h.open('/stub')
    await o.tick()
    await until(() => h.fake.accepted().length === 3, 'the replayed calls')
    expect(h.fake.accepted().map(plain)).toEqual([
      { t: 'pv', p: '/stub', ti: 'Stub' },
      { t: 'id', p: '/stub', d: { email: 'ann@acme.io', title: 'CTO' } },
      { t: 'tr', p: '/stub', n: 'demo_requested', d: { plan: 'pro', seats: 5, trial: true } },
    ])
    expect(o.errors).toEqual([])
  })

  it('sends with fetch where Request has no keepalive (no sendBeacon fallback), and to data-api for another ingest origin', async () => {
    h.fake.page('*', { title: 'Old', sameOriginTag: true, attrs: `data-api="${h.fake.ingestUrl}"` })
    const o = await h.open('/old', { init: ['delete Request.prototype.keepalive'] })
    await o.tick()
    await until(() => h.fake.requests.length === 1, 'the batch')
    const [r] = h.fake.requests
    expect(r.method).toBe('POST')
    expect(r.fetchMode).toBe('cors') // a fetch, which sees the answer
    expect(r.contentType).toMatch(/^text\/plain/)
    expect(r.batch?.e.map(plain)).toEqual([{ t: 'pv', p: '/old', ti: 'Old' }])
    expect(o.errors).toEqual([])
  })

  it('the ESM build: calls before init wait for it, in order; then it behaves like the tag', async () => {
    h.fake.page('*', {
      title: 'Bundled',
      esm: `import { init, leadbeacon } from '/leadbeacon.mjs'
        leadbeacon('identify', { email: 'ann@acme.io' })
        init({ site: 'test', api: INGEST })
        init({ site: 'other', api: INGEST })
        leadbeacon('track', 'after')
        window.leadbeacon = leadbeacon`,
    })
    const o = await h.open('/bundled')
    await o.tick()
    await until(() => h.fake.accepted().length === 3, 'the events')
    expect(h.fake.batches().map((b) => b.s)).toEqual(['test'])
    expect(h.fake.accepted().map(plain)).toEqual([
      { t: 'pv', p: '/bundled', ti: 'Bundled' },
      { t: 'id', p: '/bundled', d: { email: 'ann@acme.io' } },
      { t: 'tr', p: '/bundled', n: 'after' },
    ])
    expect(o.errors).toEqual([])
  })

  it('never needs a CORS preflight, and keeps event ids unique per visitor', async () => {
    h.fake.page('*', { title: 'P', body: '<a id="n" href="/next">next</a>' })
    const o = await h.open('/one')
    for (let i = 0; i < 5; i++) {
      await o.page.evaluate((n) => window.leadbeacon('track', `e${n}`), i)
      await o.tick()
    }
    await o.page.click('#n')
    await waitForTag(o.page)
    await o.tick()
    await until(() => h.fake.accepted().some((e) => e.p === '/next'), 'the second page')
    expect(h.fake.requests.every((r) => r.method === 'POST')).toBe(true)
    const ids = new Map<string, string>()
    for (const e of h.fake.accepted()) {
      // a re-sent event repeats its id with the same content; different events never share one
      const seen = ids.get(e.i)
      if (seen) expect(JSON.stringify(e)).toBe(seen)
      ids.set(e.i, JSON.stringify(e))
    }
    expect(ids.size).toBeGreaterThanOrEqual(8)
    expect(new Set(h.fake.batches().map((b) => b.v)).size).toBe(1)
  })
})
