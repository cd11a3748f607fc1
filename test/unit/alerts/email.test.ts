import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildEmail, SUBJECT_MAX } from '../../../worker/alerts/email'
import { buildMimeMessage, encodeHeaderWord, isMailAddress } from '../../../worker/alerts/mime'
import { alertMime } from '../../../worker/alerts/send-email'
import { adversarialContext, sampleContext, T0 } from './fixture'

/** Decodes RFC 2047 B-encoded words (and unfolds), as a mail client would. */
function decodeHeader(v: string): string {
  return v
    .replace(/\r\n[ \t]/g, ' ')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/gi, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'))
}

interface Parsed {
  headers: Map<string, string>
  parts: { headers: Map<string, string>; body: string }[]
}

/** A strict little MIME reader: fails on anything our messages must not contain. */
function parseMime(raw: string): Parsed {
  expect(raw).not.toMatch(/[^\r]\n/) // every line ends in CRLF
  expect(raw).not.toMatch(/\r(?!\n)/)
  const lines = raw.split('\r\n')
  expect(lines.filter((l) => l.length > 78)).toEqual([])
  expect([...raw].every((c) => c.charCodeAt(0) < 128)).toBe(true) // 7-bit clean
  const [head, ...rest] = raw.split('\r\n\r\n')
  const headers = headerMap(head)
  const boundary = /boundary="([^"]+)"/.exec(headers.get('content-type') ?? '')?.[1]
  expect(boundary).toBeTruthy()
  const body = rest.join('\r\n\r\n')
  const chunks = body.split(`--${boundary}`)
  expect(chunks.at(-1)).toBe('--\r\n') // closing delimiter
  const parts = chunks.slice(1, -1).map((c) => {
    const [ph, ...pb] = c.replace(/^\r\n/, '').split('\r\n\r\n')
    const h = headerMap(ph)
    expect(h.get('content-transfer-encoding')).toBe('base64')
    const b64 = pb.join('').replace(/\r\n/g, '')
    expect(b64).toMatch(/^[A-Za-z0-9+/]*={0,2}$/)
    return { headers: h, body: Buffer.from(b64, 'base64').toString('utf8') }
  })
  return { headers, parts }
}

function headerMap(block: string): Map<string, string> {
  const m = new Map<string, string>()
  for (const line of block.replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const i = line.indexOf(':')
    expect(i, line).toBeGreaterThan(0)
    const k = line.slice(0, i).toLowerCase()
    expect(m.has(k), `duplicate header ${k}`).toBe(false)
    m.set(k, line.slice(i + 1).trim())
  }
  return m
}

const OUR_TAGS = new Set(['<!doctype', '<html', '<body', '<h2', '<h3', '<table', '<tr', '<td', '<b', '<ul', '<li', '<p', '<a'])

describe('buildEmail', () => {
  it('has a short subject and the same content as Slack, in text and HTML', () => {
    const mail = buildEmail(sampleContext())
    expect(mail.subject).toBe('SQL: Jane Doe · BigCo')
    for (const want of ['jane@bigco.com', 'VP Sales', '87.3 (engagement 60, fit 27.3)', 'A1', 'demo_requested', '+40', 'Viewed /pricing', 'Downloaded /files/roi-guide.pdf', 'Bob Roe (CTO)', 'https://lb.example.com/app/leads/ld_1']) {
      expect(mail.text).toContain(want)
      expect(mail.html).toContain(want)
    }
    expect(mail.text).toContain('2026-11-02 09:29 UTC')
  })

  it('cuts a long subject to 44 characters with an ellipsis', () => {
    const ctx = sampleContext()
    const mail = buildEmail({ ...ctx, lead: { ...ctx.lead, name: 'Maximiliana Wolfeschlegelsteinhausenbergerdorff', company: 'Enterprise Holdings International' } })
    expect(mail.subject.length).toBe(SUBJECT_MAX)
    expect(mail.subject.endsWith('…')).toBe(true)
    expect(mail.subject.startsWith('SQL: Maximiliana')).toBe(true)
  })

  it('HTML-escapes visitor text', () => {
    const ctx = sampleContext()
    const mail = buildEmail({ ...ctx, lead: { ...ctx.lead, name: '<img src=x onerror=alert(1)>', title: '"><script>x</script>' } })
    expect(mail.html).not.toMatch(/<img|<script/i)
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(mail.html).toContain('&quot;&gt;&lt;script&gt;')
  })

  it('keeps subjects ≤ 44 characters on one line and the HTML free of injected tags, whatever the input', () => {
    fc.assert(
      fc.property(adversarialContext, (ctx) => {
        const mail = buildEmail(ctx)
        expect(mail.subject.length).toBeLessThanOrEqual(SUBJECT_MAX)
        expect(mail.subject).not.toMatch(/[\r\n]/)
        // the only tags are ours
        const tags = (mail.html.match(/<\/?([a-z0-9!]+)/gi) ?? []).map((t) => t.replace('/', '').toLowerCase())
        expect(tags.filter((t) => !OUR_TAGS.has(t))).toEqual([])
      }),
      { numRuns: 150 },
    )
  }, 60_000)
})

describe('MIME message', () => {
  it('is well formed: CRLF, 7-bit, short lines, unique headers, multipart/alternative text then HTML', () => {
    const ctx = sampleContext()
    const raw = alertMime({ from: 'alerts@lb.example.com', to: 'sales@bigco.com', ctx, alertId: 'tr_1.email', now: T0 })
    const m = parseMime(raw)
    expect(m.headers.get('from')).toBe('Leadbeacon <alerts@lb.example.com>')
    expect(m.headers.get('to')).toBe('<sales@bigco.com>')
    expect(m.headers.get('mime-version')).toBe('1.0')
    expect(m.headers.get('date')).toBe('Mon, 02 Nov 2026 09:30:00 +0000')
    expect(m.headers.get('message-id')).toBe('<alert.tr_1.email@lb.example.com>')
    expect(m.headers.get('auto-submitted')).toBe('auto-generated')
    expect(m.headers.get('content-type')).toMatch(/^multipart\/alternative; boundary="/)
    expect(decodeHeader(m.headers.get('subject') ?? '')).toBe(buildEmail(ctx).subject)
    expect(m.parts.map((p) => p.headers.get('content-type'))).toEqual(['text/plain; charset=UTF-8', 'text/html; charset=UTF-8'])
    expect(m.parts[0].body).toBe(buildEmail(ctx).text)
    expect(m.parts[1].body).toBe(buildEmail(ctx).html)
  })

  it('encodes any subject as RFC 2047 words that decode back exactly', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const enc = encodeHeaderWord(s)
        expect(enc).toMatch(/^[\x20-\x7e\r\n]*$/)
        for (const word of enc.split('\r\n ')) expect(word.length).toBeLessThanOrEqual(75)
        expect(decodeHeader(enc)).toBe(s.replace(/[\r\n]+/g, ' '))
      }),
      { numRuns: 300 },
    )
  })

  it('survives any content: still parseable, bodies round-trip', () => {
    fc.assert(
      fc.property(adversarialContext, (ctx) => {
        const raw = alertMime({ from: 'alerts@lb.example.com', to: 'sales@bigco.com', ctx, alertId: 'tr_x.email', now: T0 })
        const m = parseMime(raw)
        expect(m.parts[0].body).toBe(buildEmail(ctx).text)
        expect(decodeHeader(m.headers.get('subject') ?? '')).toBe(buildEmail(ctx).subject)
      }),
      { numRuns: 100 },
    )
  }, 60_000)

  it('refuses addresses that could inject headers', () => {
    expect(isMailAddress('sales@bigco.com')).toBe(true)
    expect(isMailAddress('sales@bigco.com\r\nBcc: x@y.com')).toBe(false)
    expect(isMailAddress('"a b"@bigco.com')).toBe(false)
    expect(isMailAddress('<a@b.com>')).toBe(false)
    expect(() => buildMimeMessage({ from: 'a@b.com', to: 'x@y.com\nBcc: z@w.com', subject: 's', text: '', html: '', messageId: '1', date: 0 })).toThrow(/To/)
  })
})
