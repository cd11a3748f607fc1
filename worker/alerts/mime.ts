/**
 * A well-formed RFC 5322 / MIME message (multipart/alternative: text then HTML) for the `send_email`
 * binding's raw `EmailMessage`. Bodies are UTF-8 in base64 (76-character lines, so no line is ever too
 * long and no byte needs escaping); a non-ASCII subject becomes RFC 2047 encoded-words. Pure: the date
 * and ids are parameters.
 */

export interface MimeInput {
  /** bare addr-spec, e.g. alerts@example.com */
  from: string
  fromName?: string
  to: string
  subject: string
  text: string
  html: string
  /** id-left of the Message-ID; its domain is the From address's */
  messageId: string
  /** ms since the epoch */
  date: number
  /** extra ASCII headers, e.g. { 'Auto-Submitted': 'auto-generated' } */
  headers?: Record<string, string>
}

const CRLF = '\r\n'
// an addr-spec we are willing to put in a header: no spaces, quotes, angle brackets or line breaks
const ADDR = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/

/**
 * True when `s` is a plain addr-spec that is safe in an email header.
 * @example
 * isMailAddress('sales@acme.com') // → true
 * isMailAddress('a@b.com\r\nBcc: x@y.com') // → false
 */
export function isMailAddress(s: string): boolean {
  return s.length <= 254 && ADDR.test(s)
}

/**
 * Builds the raw message (CRLF line endings).
 * @example
 * import { EmailMessage } from 'cloudflare:email'
 * import { buildMimeMessage } from './mime'
 * const raw = buildMimeMessage({ from: 'alerts@lb.example', to: 'sales@acme.com', subject: 'SQL: Jane',
 *   text: 'hi', html: '<p>hi</p>', messageId: 'alert-1', date: Date.UTC(2026, 0, 1) })
 * new EmailMessage('alerts@lb.example', 'sales@acme.com', raw)
 */
export function buildMimeMessage(m: MimeInput): string {
  if (!isMailAddress(m.from)) throw new Error(`invalid From address: ${JSON.stringify(m.from)}`)
  if (!isMailAddress(m.to)) throw new Error(`invalid To address: ${JSON.stringify(m.to)}`)
  const domain = m.from.slice(m.from.lastIndexOf('@') + 1)
  // a dot-atom: atext runs joined by single dots
  const idLeft =
    m.messageId
      .replace(/[^A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+/g, '-')
      .replace(/\.{2,}/g, '.')
      .replace(/^\.|\.$/g, '') || 'alert'
  const boundary = `=_lb_${idLeft.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}_alt`
  const headers: string[] = [
    `From: ${m.fromName ? `${displayName(m.fromName)} ` : ''}<${m.from}>`,
    `To: <${m.to}>`,
    `Subject: ${encodeHeaderWord(m.subject)}`,
    `Date: ${rfc5322Date(m.date)}`,
    `Message-ID: <${idLeft}@${domain}>`,
    'MIME-Version: 1.0',
  ]
  for (const [k, val] of Object.entries(m.headers ?? {})) {
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(k) || /[^\x20-\x7e]/.test(val)) throw new Error(`unsafe header ${k}`)
    headers.push(`${k}: ${val}`)
  }
  headers.push(`Content-Type: multipart/alternative; boundary="${boundary}"`)
  return [
    ...headers,
    '',
    'This is a multipart message in MIME format.',
    `--${boundary}`,
    ...bodyPart('text/plain', m.text),
    `--${boundary}`,
    ...bodyPart('text/html', m.html),
    `--${boundary}--`,
    '',
  ].join(CRLF)
}

// a phrase of atext words stays as-is; anything else (commas, quotes, non-ASCII) is encoded
function displayName(name: string): string {
  return /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]{1,60}$/.test(name) ? name : encodeHeaderWord(name, true)
}

function bodyPart(type: string, body: string): string[] {
  return [`Content-Type: ${type}; charset=UTF-8`, 'Content-Transfer-Encoding: base64', '', ...wrap(base64(utf8(body)), 76)]
}

/**
 * A header value as-is when it is printable ASCII, else RFC 2047 `=?UTF-8?B?…?=` words of at most 75
 * characters, folded onto continuation lines, never splitting a character across words.
 * @example
 * encodeHeaderWord('SQL: Jane') // → 'SQL: Jane'
 * encodeHeaderWord('SQL: Zoë') // → '=?UTF-8?B?U1FMOiBab8Orw==?=' (shape; decodes back to the input)
 */
export function encodeHeaderWord(value: string, force = false): string {
  // line breaks must never reach a header, whatever the caller passed
  const s = value.replace(/[\r\n]+/g, ' ')
  if (!force && /^[\x20-\x7e]*$/.test(s) && !s.includes('=?') && s.length <= 900) return s
  const words: number[][] = []
  let chunk: number[] = []
  for (const ch of s) {
    const bytes = [...utf8(ch)]
    // 39 bytes → 52 base64 characters + 12 of framing = 64, so even 'Subject: ' + a word stays < 76
    if (chunk.length + bytes.length > 39) {
      words.push(chunk)
      chunk = []
    }
    chunk.push(...bytes)
  }
  if (chunk.length) words.push(chunk)
  return words.map((w) => `=?UTF-8?B?${base64(Uint8Array.from(w))}?=`).join(`${CRLF} `)
}

/**
 * RFC 5322 date in UTC.
 * @example
 * rfc5322Date(Date.UTC(2026, 10, 1, 10)) // → 'Sun, 01 Nov 2026 10:00:00 +0000'
 */
export function rfc5322Date(ms: number): string {
  return new Date(ms).toUTCString().replace(/ GMT$/, ' +0000')
}

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s)
}

function base64(bytes: Uint8Array): string {
  let bin = ''
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(bin)
}

function wrap(s: string, width: number): string[] {
  const out: string[] = []
  for (let i = 0; i < s.length; i += width) out.push(s.slice(i, i + width))
  return out.length ? out : ['']
}
