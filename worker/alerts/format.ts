/**
 * Text helpers shared by the Slack and email renderers: escaping, length limits that never cut an escape
 * sequence or a surrogate pair in half, and the wording of an alert's parts. Pure.
 */
import type { AlertActivity, AlertContext } from './context'

/**
 * Escapes the three characters Slack's mrkdwn gives meaning to, so visitor text can neither ping
 * (`<!channel>`), link (`<https://evil|click>`) nor mention (`<@U123>`).
 * @example
 * escapeMrkdwn('<!channel> & co') // → '&lt;!channel&gt; &amp; co'
 */
export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/**
 * Escapes text for HTML element content and double-quoted attribute values.
 * @example
 * escapeHtml('<b title="x">') // → '&lt;b title=&quot;x&quot;&gt;'
 */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/**
 * Collapses control characters and line breaks to single spaces: a visitor's name must not add lines
 * to a message (or headers to an email).
 * @example
 * oneLine('Jane\r\nBcc: x@y') // → 'Jane Bcc: x@y'
 */
export function oneLine(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim()
}

/**
 * Shortens to at most `max` UTF-16 units (what Slack and most limits count), ending with '…' when cut,
 * never splitting a surrogate pair.
 * @example
 * truncate('abcdef', 4) // → 'abc…'
 */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s
  if (max <= 0) return ''
  let cut = max - 1
  const code = s.charCodeAt(cut - 1)
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1
  return `${s.slice(0, cut)}…`
}

/**
 * Escapes `raw` and keeps the result within `max` units, cutting the raw text (not the escaped one) so
 * no entity such as `&amp;` is ever broken.
 * @example
 * truncateEscaped('a&b&c', 9, escapeMrkdwn) // → 'a&amp;b…'
 */
export function truncateEscaped(raw: string, max: number, esc: (s: string) => string): string {
  const full = esc(raw)
  if (full.length <= max) return full
  let out = ''
  for (const ch of raw) {
    const piece = esc(ch)
    if (out.length + piece.length > max - 1) break
    out += piece
  }
  return `${out}…`
}

/**
 * A fixed, unambiguous time for readers anywhere: UTC, to the minute.
 * @example
 * formatUtc(Date.UTC(2026, 10, 1, 9, 5)) // → '2026-11-01 09:05 UTC'
 */
export function formatUtc(ms: number): string {
  const iso = new Date(Number.isFinite(ms) ? ms : 0).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

/**
 * Points with a sign, one decimal at most.
 * @example
 * formatPoints(12) // → '+12'
 */
export function formatPoints(n: number): string {
  const r = Math.round(n * 10) / 10
  return r > 0 ? `+${r}` : `${r}`
}

/**
 * One activity in words (raw, unescaped): what the visitor did and where.
 * @example
 * describeActivity({ type: 'download', path: '/docs', name: '/files/guide.pdf', at: 0 }) // → 'Downloaded /files/guide.pdf'
 */
export function describeActivity(a: AlertActivity): string {
  const path = a.path ? oneLine(a.path) : ''
  const name = a.name ? oneLine(a.name) : ''
  if (a.type === 'page_view') return `Viewed ${path || '(a page)'}`
  if (a.type === 'download') return `Downloaded ${name || path || '(a file)'}`
  if (a.type === 'form_submit') return `Submitted form ${name || '(unnamed)'}${path ? ` on ${path}` : ''}`
  return `${oneLine(a.type)} ${name || path}`.trim()
}

/**
 * Who the lead is, for headlines: name (or email) and company (raw, unescaped).
 * @example
 * whoLine(ctx) // → 'Jane Doe · Acme Corp'
 */
export function whoLine(ctx: AlertContext): string {
  const who = oneLine(ctx.lead.name ?? '') || oneLine(ctx.lead.email)
  const company = oneLine(ctx.lead.company ?? '')
  return company ? `${who} · ${company}` : who
}

/**
 * The stage as sales reads it: 'SQL', 'MQL', 'SQL again' after a re-engagement, 'SQL waiting 26 h' on an SLA reminder.
 * @example
 * stageLabel({ ...ctx, stage: 'mql', reengaged: false }) // → 'MQL'
 */
export function stageLabel(ctx: Pick<AlertContext, 'stage' | 'reengaged'> & Pick<Partial<AlertContext>, 'reminder'>): string {
  const s = ctx.stage.toUpperCase()
  // an SLA reminder says so first: it is the same lead, not a new one
  if (ctx.reminder) return `${s} waiting ${ctx.reminder.waitedHours} h`
  return ctx.reengaged ? `${s} again` : s
}

/**
 * The score line: total, then its two halves.
 * @example
 * scoreLine(ctx.lead) // → '87 (engagement 60, fit 27)'
 */
export function scoreLine(lead: AlertContext['lead']): string {
  const r = (n: number) => Math.round(n * 10) / 10
  return `${r(lead.score)} (engagement ${r(lead.engagementScore)}, fit ${r(lead.fitScore)})`
}

/**
 * The lead's first touch for a "Source" line ("linkedin / paid", with the campaign when there is one);
 * empty when unknown.
 * @example
 * sourceLine({ source: 'linkedin', medium: 'paid', campaign: null }) // → 'linkedin / paid'
 */
export function sourceLine(lead: Pick<AlertContext['lead'], 'source' | 'medium' | 'campaign'>): string {
  if (!lead.source) return ''
  const medium = lead.medium && lead.medium !== 'none' ? ` / ${lead.medium}` : ''
  return oneLine(`${lead.source}${medium}${lead.campaign ? ` (${lead.campaign})` : ''}`)
}

/**
 * What every channel says when the identity behind an alert is unverified (null when it is verified,
 * or unknown in an old payload).
 * @example
 * unverifiedNote({ ...ctx, identityVerified: false }) // 'Identity unverified: …'
 */
export function unverifiedNote(ctx: Pick<AlertContext, 'identityVerified'>): string | null {
  return ctx.identityVerified === false
    ? 'Identity unverified: this browser gave the email without a signed hash, so anyone with the public site key could have claimed it. Check before you act.'
    : null
}
