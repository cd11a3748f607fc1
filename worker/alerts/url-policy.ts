/**
 * Which alert channel URLs the Worker may POST to, judged by their spelling alone (no DNS lookup: a
 * lookup could change between the check and the send, and the Worker cannot see where its fetch lands).
 * The WHATWG URL parser first turns every spelling of a host into one canonical form — decimal, octal,
 * hex and shortened IPv4, percent-encoding, full-width digits, upper case, every IPv6 notation — and
 * only that canonical host is classified here. Pure.
 */

/** Where a URL is checked: a Slack incoming webhook or a generic signed webhook. */
export type UrlChannel = 'slack' | 'webhook'

/** The one host Slack incoming webhooks live on. */
export const SLACK_WEBHOOK_HOST = 'hooks.slack.com'
/** Longest URL accepted. */
export const URL_MAX_LENGTH = 2048

/**
 * Why a channel URL is unacceptable, or null when it is fine. Production: `https://` only, Slack's on
 * `hooks.slack.com` exactly, no host that is not on the public internet. Locally: `http://` and any
 * host too. Never credentials in the URL (`https://hooks.slack.com@127.0.0.1/` is a userinfo trick).
 * @example
 * alertUrlProblem('http://127.0.0.1:9999/hook', { channel: 'webhook', local: false }) // → 'must use https:// …'
 * alertUrlProblem('https://hooks.slack.com/services/T/B/X', { channel: 'slack', local: false }) // → null
 */
export function alertUrlProblem(url: string, opts: { channel: UrlChannel; local: boolean }): string | null {
  if (typeof url !== 'string' || url.length === 0) return 'a URL is required'
  if (url.length > URL_MAX_LENGTH) return 'URL is longer than 2,048 characters'
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return 'not a valid absolute URL'
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'must use https://'
  if (u.username || u.password) return 'must not contain credentials (user:password@)'
  if (!u.hostname) return 'must have a host'
  if (opts.local) return null
  if (u.protocol === 'http:') return 'must use https:// (http:// is accepted only when running locally)'
  const why = nonPublicHost(u.hostname)
  if (why) return `must not point to ${why} (accepted only when running locally)`
  if (opts.channel === 'slack' && (u.hostname !== SLACK_WEBHOOK_HOST || u.port !== '')) {
    return `a Slack webhook URL must be on https://${SLACK_WEBHOOK_HOST}/ (accepted elsewhere only when running locally)`
  }
  return null
}

/**
 * What kind of non-public host this is ("a loopback address", "a private address", …), or null for a
 * host on the public internet. Expects a WHATWG-canonical hostname (`new URL(x).hostname`: IPv4 dotted,
 * IPv6 in brackets); anything numeric that is not canonical is refused rather than guessed at.
 * @example
 * nonPublicHost('127.0.0.1') // → 'a loopback address (127.0.0.0/8)'
 * nonPublicHost('hooks.slack.com') // → null
 */
export function nonPublicHost(hostname: string): string | null {
  const h = hostname.toLowerCase().replace(/\.+$/, '')
  if (h.startsWith('[') && h.endsWith(']')) {
    const groups = parseIpv6(h.slice(1, -1))
    return groups ? ipv6Class(groups) : 'an unreadable IPv6 address'
  }
  const v4 = parseIpv4(h)
  if (v4) return ipv4Class(v4)
  // a last label that is a number makes the host an address to the URL parser; one that was not
  // canonicalised is not something to guess about
  if (/(^|\.)(0x[0-9a-f]*|\d+)$/.test(h)) return 'a numeric host that is not a plain IPv4 address'
  if (h === 'localhost' || h.endsWith('.localhost')) return 'a localhost name'
  if (h.endsWith('.local') || h.endsWith('.internal') || h.endsWith('.home.arpa')) return 'a local-network name'
  return null
}

/** Dotted-quad IPv4 as four bytes, or null. */
function parseIpv4(h: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h)
  if (!m) return null
  const bytes = m.slice(1).map(Number)
  return bytes.every((b) => b <= 255) ? bytes : null
}

function ipv4Class([a, b]: number[]): string | null {
  if (a === 0) return 'an unspecified address (0.0.0.0/8)'
  if (a === 127) return 'a loopback address (127.0.0.0/8)'
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private address (10/8, 172.16/12, 192.168/16)'
  if (a === 169 && b === 254) return 'a link-local address (169.254.0.0/16)'
  if (a === 100 && b >= 64 && b <= 127) return 'a shared (carrier-grade NAT) address (100.64.0.0/10)'
  if (a >= 224) return 'a multicast or reserved address (224.0.0.0/3)'
  return null
}

/** Eight 16-bit groups of an IPv6 address (with an optional trailing dotted IPv4), or null. */
function parseIpv6(s: string): number[] | null {
  const halves = s.split('::')
  if (halves.length > 2) return null
  const part = (p: string): number[] | null => {
    if (p === '') return []
    const out: number[] = []
    const items = p.split(':')
    for (let i = 0; i < items.length; i++) {
      const item = items[i]
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIpv4(item)
        if (!v4) return null
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3])
      } else if (/^[0-9a-f]{1,4}$/.test(item)) out.push(Number.parseInt(item, 16))
      else return null
    }
    return out
  }
  const head = part(halves[0])
  const tail = halves.length === 2 ? part(halves[1]) : []
  if (!head || !tail) return null
  if (halves.length === 1) return head.length === 8 ? head : null
  const fill = 8 - head.length - tail.length
  return fill >= 1 ? [...head, ...Array(fill).fill(0), ...tail] : null
}

function ipv6Class(g: number[]): string | null {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0)
  if (zeros(0, 8)) return 'the unspecified address (::)'
  if (zeros(0, 7) && g[7] === 1) return 'a loopback address (::1)'
  // ::a.b.c.d (compatible), ::ffff:a.b.c.d (mapped), ::ffff:0:a.b.c.d (translated): IPv4 in disguise
  if (zeros(0, 5) && (g[5] === 0 || g[5] === 0xffff)) return 'an IPv4-mapped or IPv4-compatible IPv6 address'
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return 'an IPv4-translated IPv6 address (::ffff:0:0/96)'
  if (g[0] === 0x64 && g[1] === 0xff9b && (zeros(2, 6) || g[2] === 1)) return 'a NAT64 address (64:ff9b::/96)'
  if (g[0] === 0x2002) return 'a 6to4 address (2002::/16)'
  if (g[0] === 0x2001 && g[1] === 0) return 'a Teredo address (2001::/32)'
  if ((g[0] & 0xfe00) === 0xfc00) return 'a unique-local address (fc00::/7)'
  if ((g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xffc0) === 0xfec0) return 'a link-local address (fe80::/10)'
  if ((g[0] & 0xff00) === 0xff00) return 'a multicast address (ff00::/8)'
  return null
}
