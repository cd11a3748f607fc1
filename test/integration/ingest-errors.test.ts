import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { type CreatedSite, createSite, expectProblem, pv, rows, send, uid } from './helpers'

let site: CreatedSite
beforeAll(async () => {
  site = await createSite()
})

describe('POST /e refuses bad input with a clear problem', () => {
  const cases: [string, () => unknown, number, RegExp][] = [
    ['not JSON', () => '{"s":', 400, /JSON/],
    ['JSON but not an object', () => '[1,2]', 400, /body|expected object/i],
    ['no events', () => ({ s: site.siteKey, v: uid('v'), e: [] }), 400, /^e:/],
    ['51 events', () => ({ s: site.siteKey, v: uid('v'), e: Array.from({ length: 51 }, (_, k) => pv(`/${k}`)) }), 400, /^e:/],
    ['unknown event type', () => ({ s: site.siteKey, v: uid('v'), e: [{ i: 'a', t: 'hack', ts: 1 }] }), 400, /e\.0/],
    ['a path without a slash', () => ({ s: site.siteKey, v: uid('v'), e: [{ i: 'a', t: 'pv', ts: Date.now(), p: 'javascript:x' }] }), 400, /path/],
    ['a negative time', () => ({ s: site.siteKey, v: uid('v'), e: [{ i: 'a', t: 'pv', ts: -5, p: '/' }] }), 400, /ts/],
    ['an unknown key', () => ({ s: site.siteKey, v: uid('v'), e: [{ ...pv('/'), ip: '1.2.3.4' }] }), 400, /ip|Unrecognized/i],
    ['a password field in a form', () => ({ s: site.siteKey, v: uid('v'), e: [{ i: 'a', t: 'form', ts: Date.now(), p: '/', d: { email: 'a@b.co', password: 'hunter2' } }] }), 400, /password|Unrecognized/i],
    ['a bad visitor id', () => ({ s: site.siteKey, v: 'a b<c>', e: [pv('/')] }), 400, /^v:/],
    ['an unknown site key', () => ({ s: 'sk_nope', v: uid('v'), e: [pv('/')] }), 400, /unknown site key/],
  ]
  for (const [name, body, status, detail] of cases) {
    it(name, async () => {
      const p = await expectProblem(await send(body()), status)
      expect(p.detail).toMatch(detail)
    })
  }

  it('refuses garbage even from a client that looks like a bot (curl), so a person trying it sees why', async () => {
    await expectProblem(await send('garbage', { ua: 'curl/8.5.0' }), 400)
  })

  it('cuts over-long text instead of refusing the batch (the snippet cannot recover a refused batch)', async () => {
    const v = uid('v')
    const res = await send({ s: site.siteKey, v, e: [{ ...pv(`/${'p'.repeat(2000)}`), ti: 'x'.repeat(5000) }] })
    expect(res.status).toBe(202)
    const [e] = await rows<{ path: string; props: string }>('select e.path, e.props from events e join visitors v on v.id = e.visitor_id where v.vid = ?', v)
    expect(e.path).toHaveLength(1024)
    expect(JSON.parse(e.props).title).toHaveLength(512)
  })

  it('refuses a body over 64 KB with 413', async () => {
    const big = JSON.stringify({ s: site.siteKey, v: uid('v'), e: [{ ...pv('/'), ti: 'x'.repeat(70_000) }] })
    await expectProblem(await send(big), 413)
  })

  it('refuses other content types with 415', async () => {
    await expectProblem(await send({ s: site.siteKey, v: uid('v'), e: [pv('/')] }, { type: 'application/x-www-form-urlencoded' }), 415)
  })

  it('carries CORS headers on errors, so the snippet can tell a refusal from a network failure', async () => {
    const res = await send('nope')
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://www.acme.test')
  })

  it('never answers 5xx, whatever the body (fast-check)', async () => {
    const event = fc.record(
      {
        i: fc.oneof(fc.string({ maxLength: 70 }), fc.constant(uid('e'))),
        t: fc.constantFrom('pv', 'eng', 'dl', 'form', 'id', 'tr', 'x'),
        ts: fc.oneof(fc.integer(), fc.double(), fc.constant(Date.now())),
        p: fc.oneof(fc.string(), fc.constant('/p')),
        n: fc.oneof(fc.string(), fc.integer()),
        d: fc.dictionary(fc.constantFrom('email', 'name', 'company', 'title', 'zz'), fc.oneof(fc.string(), fc.emailAddress())),
        u: fc.string(),
      },
      { requiredKeys: [] },
    )
    const body = fc.oneof(
      fc.json(),
      fc.string(),
      fc.record({ s: fc.oneof(fc.constant(site.siteKey), fc.string()), v: fc.oneof(fc.string(), fc.constant('v1')), e: fc.array(event, { maxLength: 5 }) }, { requiredKeys: [] }),
    )
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const res = await send(typeof b === 'string' ? b : JSON.stringify(b))
        expect(res.status, await res.clone().text()).toBeLessThan(500)
        if (res.status >= 400) expect(res.headers.get('Content-Type')).toContain('application/problem+json')
      }),
      { numRuns: 150 },
    )
  })

  it('stores nothing from a refused batch', async () => {
    const v = uid('v')
    await send({ s: site.siteKey, v, e: [pv('/ok'), { i: 'b', t: 'pv', ts: Date.now(), p: 'bad' }] })
    expect(await rows('select * from visitors where vid = ?', v)).toHaveLength(0)
  })
})
