/**
 * Channel configuration as the outbox sees it: where each channel of a site goes, or why it cannot go
 * anywhere (refused). Checked when the rows are queued and again at every try, since a site's settings
 * may change in between. Pure.
 */
import type { ChannelHealth, ChannelName, SiteAlerts } from '../../schema/tables'
import { type Env, isLocal } from '../env'
import type { AlertContext } from './context'
import { formatPoints, oneLine, stageLabel, truncate, whoLine } from './format'
import { isMailAddress } from './mime'
import { alertUrlProblem } from './url-policy'

/** Outbox channels: the three a site configures, and `log` when it configured none. */
export type AlertChannel = ChannelName | 'log'
export const CHANNELS: readonly ChannelName[] = ['slack', 'email', 'webhook']

/** The site fields the alert channels depend on. */
export interface AlertSite {
  id: string
  name: string
  alerts: SiteAlerts
  channelHealth: ChannelHealth
  webhookSecret: string | null
  alertOnMql: boolean
  /** the alert email address its owner confirmed; mail goes to alerts.email only while they are equal */
  alertEmailConfirmed: string | null
}

export type AlertsEnv = Pick<Env, 'DB' | 'ENVIRONMENT' | 'PUBLIC_URL' | 'EMAIL' | 'EMAIL_FROM'> & { ADMIN_TOKEN?: string }

export type ChannelTarget =
  | { ok: true; channel: 'slack'; url: string }
  | { ok: true; channel: 'webhook'; url: string; secret: string }
  | { ok: true; channel: 'email'; to: string; binding: SendEmail }
  | { ok: true; channel: 'log' }
  | { ok: false; error: string }

/** Refusal message for the email channel without the binding: says what is missing and why. */
export const EMAIL_BINDING_MISSING =
  'email channel refused: no send_email binding named EMAIL (Cloudflare Email Service needs a Workers Paid plan); ' +
  'add [[send_email]] name = "EMAIL" to wrangler.toml, or remove alerts.email'

/** Refusal message for an alert address whose owner has not confirmed it yet. */
export const EMAIL_PENDING = 'email channel refused: alerts.email is pending until its owner opens the confirmation link mailed to it'

/**
 * Whether the site's alert email address is the one its owner confirmed (false when there is none).
 * @example
 * emailConfirmed({ alerts: { email: 'a@b.co' }, alertEmailConfirmed: 'a@b.co' }) // → true
 */
export function emailConfirmed(site: Pick<AlertSite, 'alerts' | 'alertEmailConfirmed'>): boolean {
  const to = (site.alerts?.email ?? '').trim()
  return to !== '' && site.alertEmailConfirmed === to
}

/**
 * Whether the site has this channel configured (regardless of whether it works).
 * @example
 * isConfigured({ slackWebhookUrl: 'https://hooks.slack.com/…' }, 'slack') // → true
 */
export function isConfigured(alerts: SiteAlerts, channel: ChannelName): boolean {
  const v = channel === 'slack' ? alerts.slackWebhookUrl : channel === 'email' ? alerts.email : alerts.webhookUrl
  return typeof v === 'string' && v.trim() !== ''
}

/**
 * Where a channel of `site` delivers, or why it cannot (missing config, URL refused by the policy,
 * no webhook secret, no email binding).
 * @example
 * const t = channelTarget(site, 'slack', env)
 * if (!t.ok) markRefused(t.error)
 */
export function channelTarget(site: AlertSite, channel: AlertChannel, env: Pick<AlertsEnv, 'ENVIRONMENT' | 'EMAIL'>): ChannelTarget {
  if (channel === 'log') return { ok: true, channel }
  if (!isConfigured(site.alerts ?? {}, channel)) return { ok: false, error: `the ${channel} channel is no longer configured` }
  if (channel === 'email') {
    const to = (site.alerts.email ?? '').trim()
    if (!isMailAddress(to)) return { ok: false, error: 'alerts.email is not a plain email address' }
    if (!emailConfirmed(site)) return { ok: false, error: EMAIL_PENDING }
    if (!env.EMAIL) return { ok: false, error: EMAIL_BINDING_MISSING }
    return { ok: true, channel, to, binding: env.EMAIL }
  }
  const url = ((channel === 'slack' ? site.alerts.slackWebhookUrl : site.alerts.webhookUrl) ?? '').trim()
  const bad = alertUrlProblem(url, { channel, local: isLocal(env) })
  if (bad) return { ok: false, error: `${channel} URL refused: ${bad}` }
  if (channel === 'slack') return { ok: true, channel, url }
  if (!site.webhookSecret) return { ok: false, error: 'webhook refused: the site has no webhook secret to sign with' }
  return { ok: true, channel, url, secret: site.webhookSecret }
}

/**
 * Channel health after the site's alert settings change: a channel whose address changed (or was
 * removed) is no longer known to be broken, so the next alert tries it again.
 * @example
 * healthAfterAlertsChange({ slackWebhookUrl: 'https://a' }, { slackWebhookUrl: 'https://b' }, { slack: { broken: true, at: 1 } })
 * // → {}
 */
export function healthAfterAlertsChange(before: SiteAlerts, after: SiteAlerts, health: ChannelHealth): ChannelHealth {
  const out: ChannelHealth = {}
  const key = { slack: 'slackWebhookUrl', email: 'email', webhook: 'webhookUrl' } as const
  for (const ch of CHANNELS) {
    const h = health?.[ch]
    if (h && before?.[key[ch]] === after?.[key[ch]] && isConfigured(after ?? {}, ch)) out[ch] = h
  }
  return out
}

/**
 * The one-line summary the `log` channel prints (the local demo's "alert").
 * @example
 * logLine(ctx) // → '[leadbeacon] ALERT SQL: Jane Doe · Acme | jane@acme.com | score 87 | grade A1 | why: demo +40, pricing +10 | http://127.0.0.1:8787/api/v1/leads/ld_1'
 * logLine(ctx, { redact: true }) // → '[leadbeacon] ALERT SQL: lead ld_1 | score 87 | grade A1 | why: … | http://…/ld_1'
 */
export function logLine(ctx: AlertContext, opts: { redact?: boolean } = {}): string {
  const why = ctx.reasons.map((r) => `${oneLine(r.rule)} ${formatPoints(r.points)}`).join(', ') || 'n/a'
  // production logs are read by more people, and kept longer, than the lead's row: no name, no address
  const who = opts.redact ? [`ALERT ${stageLabel(ctx)}: lead ${oneLine(ctx.lead.id)}`] : [`ALERT ${stageLabel(ctx)}: ${whoLine(ctx)}`, oneLine(ctx.lead.email)]
  const parts = [
    ...who,
    `score ${Math.round(ctx.lead.score)}`,
    `grade ${oneLine(ctx.lead.grade)}`,
    `why: ${why}`,
    ctx.leadUrl,
  ]
  return `[leadbeacon] ${truncate(parts.join(' | '), 1000)}`
}

/**
 * A stored payload read back as an AlertContext, or null when it is not one (a row written by a future
 * version, or damaged).
 * @example
 * const ctx = asAlertContext(row.payload)
 */
export function asAlertContext(payload: unknown): AlertContext | null {
  const p = typeof payload === 'string' ? safeParse(payload) : payload
  if (!p || typeof p !== 'object') return null
  const c = p as Partial<AlertContext>
  if (c.alertVersion !== 1 || (c.stage !== 'sql' && c.stage !== 'mql') || !c.lead || typeof c.lead.email !== 'string') return null
  return {
    ...c,
    reasons: Array.isArray(c.reasons) ? c.reasons : [],
    recent: Array.isArray(c.recent) ? c.recent : [],
    account: c.account ?? null,
  } as AlertContext
}

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s)
  } catch {
    return null
  }
}
