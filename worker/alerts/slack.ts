/**
 * The Slack incoming-webhook message for an alert, in Block Kit. A fixed layout of at most 7 blocks, so
 * the 50-block limit cannot be reached whatever the lead looks like; every text is cut to Slack's limits
 * after escaping (an over-long block makes Slack reject the whole message with `invalid_blocks`).
 */
import type { KnownBlock, MrkdwnElement, SectionBlock } from '@slack/types'
import type { AlertContext } from './context'
import { encodeHandoffRef, HANDOFF_ACTIONS, handoffElements } from './slack-handoff'
import {
  describeActivity,
  escapeMrkdwn,
  formatPoints,
  formatUtc,
  oneLine,
  scoreLine,
  stageLabel,
  sourceLine,
  truncate,
  truncateEscaped,
  unverifiedNote,
  whoLine,
} from './format'

/** Slack's documented Block Kit limits (docs.slack.dev, block reference). */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  buttonText: 75,
  buttonUrl: 3000,
  /** the top-level `text`: Slack truncates beyond 40,000; a notification shows far less */
  fallbackText: 3000,
} as const

export interface SlackMessageOptions {
  /** the site has a Slack app (signing secret): SQL alerts carry Accept / Disqualify / Recycle */
  handoff?: boolean
  /** the SQL transition the alert is for: its controls act only while that SQL is the lead's current one */
  episode?: string
}

export interface SlackMessage {
  text: string
  blocks: KnownBlock[]
}

const STAGE_EMOJI = { sql: ':fire:', mql: ':chart_with_upwards_trend:' } as const

/**
 * Builds the message: header (who), fields (email, title, company, score, grade, stage), top reasons,
 * recent pages and downloads with times, the account, a button to the lead, and a footer.
 * @example
 * const msg = buildSlackMessage(ctx)
 * await fetch(slackWebhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(msg) })
 */
export function buildSlackMessage(ctx: AlertContext, opts: SlackMessageOptions = {}): SlackMessage {
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      // plain_text is shown literally (no mentions, no links), so it is only cut, not escaped
      text: { type: 'plain_text', text: truncate(`${stageLabel(ctx)}: ${whoLine(ctx)}`, SLACK_LIMITS.headerText), emoji: true },
    },
    { type: 'section', fields: leadFields(ctx) },
  ]
  const unverified = unverifiedNote(ctx)
  if (unverified) blocks.push(section(`:warning: ${escapeMrkdwn(unverified)}`))
  const reasons = reasonsText(ctx)
  if (reasons) blocks.push(section(reasons))
  const recent = recentText(ctx)
  if (recent) blocks.push(section(recent))
  const account = accountText(ctx)
  if (account) blocks.push(section(account))
  const actions = actionsBlock(ctx, opts)
  if (actions) blocks.push(actions)
  blocks.push({
    type: 'context',
    elements: [mrkdwn(truncateEscaped(`Leadbeacon · ${oneLine(ctx.site.name)} · `, 500, escapeMrkdwn) + slackDate(ctx.at))],
  })
  return { text: fallbackText(ctx), blocks: blocks.slice(0, SLACK_LIMITS.blocks) }
}

/** "Open lead", and the handoff controls on an SQL alert when the site's Slack app can receive them. */
function actionsBlock(ctx: AlertContext, opts: SlackMessageOptions): KnownBlock | null {
  const handoff = opts.handoff === true && ctx.stage === 'sql'
  const open = isLinkable(ctx.leadUrl)
    ? [{ type: 'button' as const, action_id: HANDOFF_ACTIONS.open, text: { type: 'plain_text' as const, text: 'Open lead' }, url: ctx.leadUrl, ...(handoff ? {} : { style: 'primary' as const }) }]
    : []
  if (!handoff) return open.length ? { type: 'actions', elements: open } : null
  const ref = { siteId: ctx.site.id, leadId: ctx.lead.id, ...(opts.episode ? { episode: opts.episode } : {}) }
  return { type: 'actions', block_id: encodeHandoffRef(ref), elements: [...handoffElements(ref), ...open] }
}

/** The notification line (and what screen readers read): stage, who, score, email. */
function fallbackText(ctx: AlertContext): string {
  const raw = `${stageLabel(ctx)}: ${whoLine(ctx)} (score ${Math.round(ctx.lead.score)}, ${oneLine(ctx.lead.email)}${unverifiedNote(ctx) ? ', unverified' : ''})`
  return `${STAGE_EMOJI[ctx.stage]} ${truncateEscaped(raw, SLACK_LIMITS.fallbackText - 40, escapeMrkdwn)}`
}

function leadFields(ctx: AlertContext): MrkdwnElement[] {
  const l = ctx.lead
  const pairs: [string, string | null][] = [
    ['Email', l.email],
    ['Title', l.title],
    ['Company', l.company],
    ['Score', scoreLine(l)],
    ['Grade', l.grade],
    ['Stage', stageLabel(ctx)],
    ['Source', sourceLine(l)],
  ]
  return pairs
    .filter((p): p is [string, string] => !!p[1] && oneLine(p[1]) !== '')
    .slice(0, SLACK_LIMITS.fields)
    .map(([k, v]) => mrkdwn(`*${k}*\n${truncateEscaped(oneLine(v), SLACK_LIMITS.fieldText - k.length - 3, escapeMrkdwn)}`))
}

function reasonsText(ctx: AlertContext): string | null {
  if (ctx.reasons.length === 0) return null
  const lines = ctx.reasons.map((r) => `• ${truncateEscaped(oneLine(r.rule), 200, escapeMrkdwn)}  *${formatPoints(r.points)}*`)
  return joinWithin('*Why*', lines)
}

function recentText(ctx: AlertContext): string | null {
  if (ctx.recent.length === 0) return null
  const lines = ctx.recent.map((a) => `• ${slackDate(a.at)}  ${truncateEscaped(describeActivity(a), 300, escapeMrkdwn)}`)
  return joinWithin('*Recent activity*', lines)
}

function accountText(ctx: AlertContext): string | null {
  const a = ctx.account
  // the lead alone is not news: the account matters when colleagues are engaged too
  if (!a || a.engagedPeople === 0) return null
  const head =
    `*Account* ${truncateEscaped(oneLine(a.domain), 200, escapeMrkdwn)} · score ${Math.round(a.score)} · ` +
    `${a.engagedPeople} other engaged ${a.engagedPeople === 1 ? 'person' : 'people'}`
  const lines = a.people.map((p) => {
    const who = oneLine(p.name ?? '') || oneLine(p.email)
    const title = p.title ? ` (${oneLine(p.title)})` : ''
    return `• ${truncateEscaped(who + title, 200, escapeMrkdwn)}  ${Math.round(p.score)}`
  })
  return joinWithin(head, lines)
}

/** Header then as many whole lines as fit in a section's 3,000 characters. */
function joinWithin(head: string, lines: string[]): string {
  let out = head
  for (const line of lines) {
    if (out.length + 1 + line.length > SLACK_LIMITS.sectionText) break
    out += `\n${line}`
  }
  return out
}

/** Slack renders this in each reader's own time zone; the fallback is UTC. */
function slackDate(ms: number): string {
  const sec = Math.floor((Number.isFinite(ms) ? ms : 0) / 1000)
  return `<!date^${sec}^{date_short_pretty} {time}|${formatUtc(ms)}>`
}

function section(text: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text) }
}

// verbatim: Slack must not auto-link URLs or #channels a visitor typed; our explicit <…> still render
function mrkdwn(text: string): MrkdwnElement {
  return { type: 'mrkdwn', text, verbatim: true }
}

/** A button URL Slack accepts: http(s), absolute, within its length limit. */
function isLinkable(url: string): boolean {
  if (url.length > SLACK_LIMITS.buttonUrl) return false
  try {
    const u = new URL(url)
    return u.protocol === 'https:' || u.protocol === 'http:'
  } catch {
    return false
  }
}
