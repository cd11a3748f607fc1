import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { alertUrlProblem, nonPublicHost, type UrlChannel } from '../../../worker/alerts/url-policy'

const prod = (url: string, channel: UrlChannel = 'webhook') => alertUrlProblem(url, { channel, local: false })
const local = (url: string, channel: UrlChannel = 'webhook') => alertUrlProblem(url, { channel, local: true })

/**
 * Spellings of hosts that are not on the public internet: each is refused in production with a reason
 * naming what it is, and accepted locally (where the contract admits http, loopback and private hosts)
 * unless the last column says why not.
 */
const REFUSED: [url: string, reason: RegExp, locally?: RegExp][] = [
  // IPv4 loopback, in every form the URL parser reads
  ['https://127.0.0.1/hook', /loopback/],
  ['https://127.1/', /loopback/],
  ['https://127.0.1/', /loopback/],
  ['https://2130706433/', /loopback/],
  ['https://0177.0.0.1/', /loopback/],
  ['https://0x7f.1/', /loopback/],
  ['https://0X7F.0.0.1/', /loopback/],
  ['https://0x7f000001/', /loopback/],
  ['https://017700000001/', /loopback/],
  ['https://127.0.0.1./', /loopback/],
  ['https://%31%32%37.0.0.1/', /loopback/],
  ['https://１２７.０.０.１/', /loopback/],
  ['https://127.255.255.254:8443/x', /loopback/],
  ['https://127.0.0.1\\@hooks.slack.com/', /loopback/],
  // unspecified
  ['https://0.0.0.0/', /unspecified/],
  ['https://0/', /unspecified/],
  ['https://0.1.2.3/', /unspecified/],
  // private
  ['https://10.0.0.1/', /private/],
  ['https://012.1/', /private/],
  ['https://167772161/', /private/],
  ['https://172.16.0.1/', /private/],
  ['https://172.31.255.255/', /private/],
  ['https://0xac.0x10.0.1/', /private/],
  ['https://192.168.1.1/', /private/],
  ['https://3232235777/', /private/],
  // link-local, the cloud metadata address among them
  ['https://169.254.169.254/latest/meta-data', /link-local/],
  ['https://0xa9fea9fe/', /link-local/],
  ['https://2852039166/', /link-local/],
  // shared address space (carrier-grade NAT)
  ['https://100.64.0.1/', /shared/],
  ['https://100.127.255.255/', /shared/],
  // multicast and broadcast
  ['https://224.0.0.1/', /multicast/],
  ['https://255.255.255.255/', /multicast/],
  // IPv6, every notation
  ['https://[::]/', /unspecified/],
  ['https://[::1]/', /loopback/],
  ['https://[0:0:0:0:0:0:0:1]/', /loopback/],
  ['https://[0000::0001]:8443/', /loopback/],
  ['https://[::ffff:127.0.0.1]/', /IPv4-mapped/],
  ['https://[::ffff:7f00:1]/', /IPv4-mapped/],
  ['https://[0:0:0:0:0:ffff:127.0.0.1]/', /IPv4-mapped/],
  ['https://[::FFFF:8.8.8.8]/', /IPv4-mapped/],
  ['https://[::127.0.0.1]/', /IPv4-compatible/],
  ['https://[::a9fe:a9fe]/', /IPv4-compatible/],
  ['https://[::ffff:0:127.0.0.1]/', /IPv4-translated/],
  ['https://[64:ff9b::127.0.0.1]/', /NAT64/],
  ['https://[64:ff9b::7f00:1]/', /NAT64/],
  ['https://[64:ff9b:1::1]/', /NAT64/],
  ['https://[2002:7f00:1::]/', /6to4/],
  ['https://[2002:a9fe:a9fe::1]/', /6to4/],
  ['https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', /Teredo/],
  ['https://[fc00::1]/', /unique-local/],
  ['https://[fd12:3456::1]/', /unique-local/],
  ['https://[fe80::1]/', /link-local/],
  ['https://[FE80::abcd]/', /link-local/],
  ['https://[febf::1]/', /link-local/],
  ['https://[ff02::1]/', /multicast/],
  // localhost names
  ['https://localhost/', /localhost/],
  ['https://LOCALHOST/', /localhost/],
  ['https://localhost./', /localhost/],
  ['https://localhost:8443/x', /localhost/],
  ['https://app.localhost/', /localhost/],
  ['https://a.b.LocalHost./', /localhost/],
  ['https://%6c%6fcalhost/', /localhost/],
  ['https://printer.local/', /local-network/],
  ['https://db.internal/', /local-network/],
  // plain http, anywhere
  ['http://hooks.slack.com/services/T/B/X', /https:\/\//],
  ['http://crm.example.com/hook', /https:\/\//],
  ['HTTP://127.0.0.1:9999/hook', /https:\/\//],
  ['http://[::1]/', /https:\/\//],
  // userinfo tricks: refused everywhere
  ['https://hooks.slack.com@127.0.0.1/', /credentials/, /credentials/],
  ['https://hooks.slack.com:x@127.0.0.1/', /credentials/, /credentials/],
  ['https://user:pass@hooks.example.com/x', /credentials/, /credentials/],
  // neither http nor a URL
  ['ftp://example.com/x', /https/, /https/],
  ['javascript:alert(1)', /https/, /https/],
  ['file:///etc/passwd', /https/, /https/],
  ['not a url', /valid/, /valid/],
  ['https://[fe80::1%25eth0]/', /valid/, /valid/],
  ['', /required/, /required/],
  [`https://example.com/${'a'.repeat(2100)}`, /2,048/, /2,048/],
]

/** Public https URLs: fine for a generic webhook in production (and locally). */
const PUBLIC = [
  'https://hooks.acme.example/lead',
  'https://crm.example.com:8443/hooks/leadbeacon?x=1',
  'https://8.8.8.8/',
  'https://172.32.0.1/',
  'https://172.15.255.255/',
  'https://100.128.0.1/',
  'https://100.63.255.255/',
  'https://169.255.0.1/',
  'https://192.169.0.1/',
  'https://[2606:4700::1111]/',
  'https://[2001:db8:85a3::8a2e:370:7334]/',
  'https://localhost.example.com/',
  'https://mylocalhost/',
  // judged by spelling, never by DNS: a name that resolves to a private address is not caught here
  'https://127.0.0.1.nip.io/',
]

describe('alert URL policy: hosts that are not on the public internet', () => {
  it(`refuses ${REFUSED.length} spellings in production with a reason, for both channels`, () => {
    expect(REFUSED.length).toBeGreaterThanOrEqual(40)
    for (const [url, reason] of REFUSED) {
      expect([url, prod(url)]).toEqual([url, expect.stringMatching(reason)])
      expect([url, prod(url, 'slack')]).toEqual([url, expect.stringMatching(reason)])
    }
  })

  it('accepts them locally, except credentials, other schemes and junk', () => {
    for (const [url, , locally] of REFUSED) {
      if (locally) expect([url, local(url)]).toEqual([url, expect.stringMatching(locally)])
      else expect([url, local(url)]).toEqual([url, null])
    }
  })

  it('accepts public https hosts for a webhook', () => {
    for (const url of PUBLIC) {
      expect([url, prod(url)]).toEqual([url, null])
      expect([url, local(url)]).toEqual([url, null])
    }
  })

  it('names the reason, and that it is accepted locally', () => {
    expect(prod('https://0x7f.1/')).toBe('must not point to a loopback address (127.0.0.0/8) (accepted only when running locally)')
    expect(prod('http://crm.example.com/')).toBe('must use https:// (http:// is accepted only when running locally)')
  })

  it('refuses any private IPv4 whichever way its number is written', () => {
    const privateV4 = fc.oneof(
      fc.tuple(fc.constant(127), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(10), fc.nat(255), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(172), fc.integer({ min: 16, max: 31 }), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(192), fc.constant(168), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(169), fc.constant(254), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(100), fc.integer({ min: 64, max: 127 }), fc.nat(255), fc.nat(255)),
      fc.tuple(fc.constant(0), fc.nat(255), fc.nat(255), fc.nat(255)),
    )
    const spell = (b: number[], form: number): string => {
      const n = ((b[0] << 24) >>> 0) + (b[1] << 16) + (b[2] << 8) + b[3]
      switch (form) {
        case 0:
          return String(n)
        case 1:
          return `0x${n.toString(16)}`
        case 2:
          return `0${n.toString(8)}`
        case 3:
          return b.map((x) => `0${x.toString(8)}`).join('.')
        case 4:
          return b.map((x) => `0x${x.toString(16)}`).join('.')
        case 5:
          return `${b[0]}.${(b[1] << 16) + (b[2] << 8) + b[3]}`
        case 6:
          return `[::ffff:${b.join('.')}]`
        case 7:
          return `[64:ff9b::${b.join('.')}]`
        default:
          return `${b.join('.')}.`
      }
    }
    fc.assert(
      fc.property(privateV4, fc.integer({ min: 0, max: 8 }), (b, form) => {
        const url = `https://${spell(b, form)}/hook`
        expect([url, prod(url)]).toEqual([url, expect.stringMatching(/must not point to/)])
        expect(local(url)).toBeNull()
      }),
    )
  })

  it('refuses numeric hosts that were not canonicalised rather than guess', () => {
    for (const h of ['2130706433', '0x7f.1', '127.1', '1.2.3.999']) expect([h, nonPublicHost(h)]).toEqual([h, expect.stringMatching(/numeric/)])
    expect(nonPublicHost('[::ffff:zz]')).toMatch(/unreadable/)
    expect(nonPublicHost('hooks.slack.com')).toBeNull()
  })
})

describe('alert URL policy: Slack', () => {
  it('takes Slack webhooks on https://hooks.slack.com only, in production', () => {
    for (const url of ['https://hooks.slack.com/services/T0/B0/XYZ', 'https://HOOKS.Slack.com/services/T0/B0/XYZ', 'https://hooks.slack.com:443/workflows/T/A/1']) {
      expect([url, prod(url, 'slack')]).toEqual([url, null])
    }
    for (const url of [
      'https://hooks.acme.example/lead',
      'https://hooks.slack.com.evil.example/services/T/B/X',
      'https://evil.example/hooks.slack.com/services/T/B/X',
      'https://xhooks.slack.com/services/T/B/X',
      'https://slack.com/services/T/B/X',
      'https://hooks.slack.com./services/T/B/X',
      'https://hooks.slack.com:8443/services/T/B/X',
      'https://evil.example/?u=https://hooks.slack.com/',
    ]) {
      expect([url, prod(url, 'slack')]).toEqual([url, expect.stringMatching(/hooks\.slack\.com/)])
      expect([url, local(url, 'slack')]).toEqual([url, null])
    }
  })
})
