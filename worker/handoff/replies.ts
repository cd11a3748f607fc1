/**
 * What the handoff answers in Slack: the alert replaced by who did what, or an ephemeral note when the
 * lead had already moved. Built from our own rows (never from the message Slack echoes back). Pure.
 */
import type { KnownBlock } from '@slack/types'
import type { LeadStage } from '../../schema/lead-values'
import { escapeMrkdwn, oneLine } from '../alerts'

/** The lead as the reply names it. */
export interface ReplyLead {
  name: string | null
  email: string
  company: string | null
}

const VERB: Partial<Record<LeadStage, string>> = { accepted: 'Accepted', disqualified: 'Disqualified', recycled: 'Recycled' }

/**
 * "Accepted by @sam · 14:02 UTC": the message that replaces the alert once a person decided.
 * @example
 * decisionReply({ name: 'Jane', email: 'jane@acme.io', company: null }, { stage: 'accepted', reason: null }, 'slack:U1 sam', now)
 */
export function decisionReply(lead: ReplyLead, decision: { stage: LeadStage; reason: string | null }, actor: string | null, at: number) {
  const who = whoOf(lead)
  const line = `${VERB[decision.stage] ?? decision.stage}${decision.reason && decision.stage === 'disqualified' ? ` (${decision.reason})` : ''}`
  const by = actorLabel(actor)
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(who)}* · ${escapeMrkdwn(oneLine(lead.email))}`, verbatim: true } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${escapeMrkdwn(line)} by ${escapeMrkdwn(by)} · ${slackTime(at)}`, verbatim: true }] },
  ]
  return { replace_original: true, text: `${line} by ${by} · ${hhmm(at)} UTC: ${who}`, blocks }
}

/**
 * The ephemeral note for a late or repeated click: "already accepted by @sam · 14:02 UTC".
 * @example
 * alreadyReply('accepted', { actor: 'slack:U1 sam', at: now })
 */
export function alreadyReply(stage: LeadStage, last: { actor: string | null; at: number } | null) {
  const state = VERB[stage]?.toLowerCase() ?? `at stage ${stage}`
  const tail = last ? ` by ${actorLabel(last.actor)} · ${hhmm(last.at)} UTC` : ''
  return { response_type: 'ephemeral', replace_original: false, text: `This lead is already ${state}${tail}; nothing changed.` }
}

/**
 * The ephemeral note for a click on an alert whose SQL is over: the lead was recycled since (and may be
 * SQL again, with an alert of its own).
 * @example
 * staleReply('sql')
 */
export function staleReply(stage: LeadStage) {
  const now = stage === 'sql' ? ' It is SQL again: answer its newest alert.' : ''
  return { response_type: 'ephemeral', replace_original: false, text: `This alert is from an earlier SQL of this lead, which was sent back to nurture since; nothing changed.${now}` }
}

/**
 * An actor as people read it.
 * @example
 * actorLabel('slack:U123 sam') // → '@sam'
 * actorLabel('key:crm-sync') // → 'API key crm-sync'
 */
export function actorLabel(actor: string | null): string {
  if (!actor) return 'scoring'
  const slack = /^slack:(\S+) (.+)$/.exec(actor)
  if (slack) return `@${oneLine(slack[2])}`
  if (actor.startsWith('key:')) return `API key ${oneLine(actor.slice(4))}`
  if (actor.startsWith('email:')) return oneLine(actor.slice(6))
  return oneLine(actor)
}

function whoOf(lead: ReplyLead): string {
  const name = oneLine(lead.name ?? '') || oneLine(lead.email)
  return lead.company ? `${name} · ${oneLine(lead.company)}` : name
}

function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16)
}

/** Slack shows this in each reader's own time zone; the fallback is UTC. */
function slackTime(ms: number): string {
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${hhmm(ms)} UTC>`
}
