/**
 * The alert as a short email: the same content as the Slack message, in plain text and in HTML (every
 * visitor string HTML-escaped), under a subject of at most 44 characters so it is not cut in an inbox
 * list. Pure; the MIME framing is in mime.ts, the sending in send-email.ts.
 */
import type { AlertContext } from './context'
import { describeActivity, escapeHtml, formatPoints, formatUtc, oneLine, scoreLine, sourceLine, stageLabel, truncate, unverifiedNote, whoLine } from './format'

export const SUBJECT_MAX = 44
/** Any single visitor-typed value is cut here: an alert is a summary, not a dump. */
const VALUE_MAX = 300

export interface AlertEmail {
  subject: string
  text: string
  html: string
}

/** The signed one-click answers an SQL alert email carries (absolute URLs; see http/handoff-link.ts). */
export interface EmailActionLinks {
  accept: string
  disqualify: string
  recycle: string
}

const ACTION_LABELS: [keyof EmailActionLinks, string][] = [
  ['accept', 'Accept'],
  ['disqualify', 'Disqualify'],
  ['recycle', 'Recycle'],
]

/**
 * Renders the email for an alert; an SQL alert (and its SLA reminder) given `actions` also offers
 * Accept / Disqualify / Recycle next to "Open the lead".
 * @example
 * const { subject, text, html } = buildEmail(ctx)
 * subject // → 'SQL: Jane Doe · Acme Corp'
 */
export function buildEmail(ctx: AlertContext, actions?: EmailActionLinks): AlertEmail {
  const links = ctx.stage === 'sql' && actions && ACTION_LABELS.every(([k]) => /^https?:\/\//i.test(actions[k])) ? actions : undefined
  return { subject: emailSubject(ctx), text: emailText(ctx, links), html: emailHtml(ctx, links) }
}

/**
 * `<STAGE>: <who>`, one line, at most 44 characters (cut with '…').
 * @example
 * emailSubject(ctx) // → 'SQL again: Jane Doe · Acme Corp'
 */
export function emailSubject(ctx: AlertContext): string {
  return truncate(oneLine(`${stageLabel(ctx)}: ${whoLine(ctx)}`), SUBJECT_MAX)
}

const v = (s: string | null | undefined): string => truncate(oneLine(s ?? ''), VALUE_MAX)

function facts(ctx: AlertContext): [string, string][] {
  const l = ctx.lead
  const rows: [string, string][] = [
    ['Email', v(l.email)],
    ['Title', v(l.title)],
    ['Company', v(l.company)],
    ['Score', scoreLine(l)],
    ['Grade', v(l.grade)],
    ['Stage', stageLabel(ctx)],
    ['Source', v(sourceLine(l))],
  ]
  return rows.filter(([, value]) => value !== '')
}

function accountHead(a: NonNullable<AlertContext['account']>): string {
  const n = a.engagedPeople
  return `Account ${v(a.domain)} · score ${Math.round(a.score)} · ${n} other engaged ${n === 1 ? 'person' : 'people'}`
}

function personLine(p: NonNullable<AlertContext['account']>['people'][number]): string {
  const who = v(p.name) || v(p.email)
  return `${who}${p.title ? ` (${v(p.title)})` : ''}  ${Math.round(p.score)}`
}

function emailText(ctx: AlertContext, actions: EmailActionLinks | undefined): string {
  const out: string[] = [`${stageLabel(ctx)}: ${v(whoLine(ctx))}`, '']
  const note = unverifiedNote(ctx)
  if (note) out.push(`!! ${note}`, '')
  for (const [k, value] of facts(ctx)) out.push(`${`${k}:`.padEnd(9)}${value}`)
  if (ctx.reasons.length) {
    out.push('', 'Why')
    for (const r of ctx.reasons) out.push(`  ${formatPoints(r.points).padStart(6)}  ${v(r.rule)}`)
  }
  if (ctx.recent.length) {
    out.push('', 'Recent activity')
    for (const a of ctx.recent) out.push(`  ${formatUtc(a.at)}  ${v(describeActivity(a))}`)
  }
  if (ctx.account?.engagedPeople) {
    out.push('', accountHead(ctx.account))
    for (const p of ctx.account.people) out.push(`  ${personLine(p)}`)
  }
  out.push('', `Open the lead: ${ctx.leadUrl}`)
  if (actions) {
    out.push('', 'Answer it (each link asks you to confirm):')
    for (const [k, label] of ACTION_LABELS) out.push(`  ${`${label}:`.padEnd(12)}${actions[k]}`)
  }
  out.push('', `-- Leadbeacon · ${v(ctx.site.name)} · ${formatUtc(ctx.at)}`)
  return `${out.join('\n')}\n`
}

function emailHtml(ctx: AlertContext, actions: EmailActionLinks | undefined): string {
  const h = escapeHtml
  const td = 'style="padding:2px 12px 2px 0;vertical-align:top"'
  const parts: string[] = [
    `<h2 style="margin:0 0 12px;font-size:18px">${h(stageLabel(ctx))}: ${h(v(whoLine(ctx)))}</h2>`,
    `<table style="border-collapse:collapse">${facts(ctx)
      .map(([k, value]) => `<tr><td ${td}><b>${h(k)}</b></td><td ${td}>${h(value)}</td></tr>`)
      .join('')}</table>`,
  ]
  const note = unverifiedNote(ctx)
  if (note) parts.splice(1, 0, `<p style="margin:0 0 12px;padding:8px;background:#fff3cd"><b>${h(note)}</b></p>`)
  if (ctx.reasons.length) {
    const items = ctx.reasons.map((r) => `<li>${h(v(r.rule))} <b>${h(formatPoints(r.points))}</b></li>`).join('')
    parts.push(`<h3 style="margin:16px 0 4px;font-size:15px">Why</h3><ul style="margin:0">${items}</ul>`)
  }
  if (ctx.recent.length) {
    const items = ctx.recent.map((a) => `<li>${h(formatUtc(a.at))} · ${h(v(describeActivity(a)))}</li>`).join('')
    parts.push(`<h3 style="margin:16px 0 4px;font-size:15px">Recent activity</h3><ul style="margin:0">${items}</ul>`)
  }
  if (ctx.account?.engagedPeople) {
    const items = ctx.account.people.map((p) => `<li>${h(personLine(p))}</li>`).join('')
    parts.push(`<h3 style="margin:16px 0 4px;font-size:15px">${h(accountHead(ctx.account))}</h3>`)
    if (items) parts.push(`<ul style="margin:0">${items}</ul>`)
  }
  if (/^https?:\/\//i.test(ctx.leadUrl)) {
    parts.push(`<p style="margin:16px 0"><a href="${h(ctx.leadUrl)}">Open the lead</a></p>`)
  }
  if (actions) {
    const a = 'style="display:inline-block;margin:0 8px 8px 0;padding:6px 14px;border:1px solid #0b5cad;border-radius:6px;color:#0b5cad;text-decoration:none"'
    const links = ACTION_LABELS.map(([k, label]) => `<a ${a} href="${h(actions[k])}">${h(label)}</a>`).join('')
    parts.push(`<p style="margin:16px 0 4px">Answer it (each link asks you to confirm):</p><p style="margin:0">${links}</p>`)
  }
  parts.push(`<p style="color:#666;font-size:12px">Leadbeacon · ${h(v(ctx.site.name))} · ${h(formatUtc(ctx.at))}</p>`)
  return `<!doctype html><html><body style="font-family:sans-serif;font-size:14px">${parts.join('\n')}</body></html>\n`
}
