/** The site fields the API takes, validated: domains normalised, alert channels checked against the policy. */
import { z } from '@hono/zod-openapi'
import type { SiteAlerts } from '../../schema/tables'
import { alertUrlProblem, healthAfterAlertsChange } from '../alerts'
import type { SiteRow } from '../db/client'
import type { SiteChange } from '../db/site-settings'
import { describeIssues, ProblemError } from '../http/problem'
import { normaliseDomain } from '../ingest/origin'

/** Alert channels of a site, as the API takes them. URLs are checked against the channel policy. */
export const AlertsSchema = z
  .strictObject({
    slackWebhookUrl: z.string().max(2048).optional(),
    email: z.email().max(254).optional(),
    webhookUrl: z.string().max(2048).optional(),
  })
  .openapi('AlertChannels')

export const DomainsSchema = z
  .array(z.string().min(1).max(253))
  .min(1)
  .max(50)
  .transform((ds, ctx) => {
    const out = [...new Set(ds.map(normaliseDomain))]
    if (out.some((d) => d === '')) ctx.addIssue({ code: 'custom', message: 'a domain is a host name such as example.com' })
    return out
  })

/**
 * Checks every configured channel URL against the URL policy (https in production, Slack's on
 * hooks.slack.com; http and loopback only when running locally). Returns a readable error or null.
 * @example
 * alertsProblem({ slackWebhookUrl: 'http://x' }, false) // "alerts.slackWebhookUrl: …"
 */
export function alertsProblem(alerts: z.infer<typeof AlertsSchema> | undefined, local: boolean): string | null {
  for (const [k, channel] of [['slackWebhookUrl', 'slack'], ['webhookUrl', 'webhook']] as const) {
    const url = alerts?.[k]
    if (url === undefined) continue
    const err = alertUrlProblem(url, { channel, local })
    if (err) return `alerts.${k}: ${err}`
  }
  return null
}

/**
 * Merges a PATCH's alert channels into the site's, JSON-merge style (a string sets a channel, null
 * removes it, an absent key keeps it), validates the result as a whole and resets the health of
 * channels whose address changed. Throws a 400 problem when the result is not acceptable.
 * @example
 * const change = mergeAlertChannels(before, { webhookUrl: null }, false) // { alerts: {…}, channelHealth: {…} }
 */
export function mergeAlertChannels(
  before: SiteRow,
  patch: Record<string, string | null | undefined>,
  local: boolean,
): Required<Pick<SiteChange, 'alerts' | 'channelHealth'>> {
  const merged: Record<string, string> = { ...(before.alerts ?? {}) }
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete merged[k]
    else if (v !== undefined) merged[k] = v
  }
  const parsed = AlertsSchema.safeParse(merged)
  if (!parsed.success) throw new ProblemError(400, `alerts: ${describeIssues(parsed.error, '(alerts)')}`, { type: 'invalid-request' })
  const bad = alertsProblem(parsed.data, local)
  if (bad) throw new ProblemError(400, bad, { type: 'invalid-alert-channel' })
  const alerts: SiteAlerts = parsed.data
  return { alerts, channelHealth: healthAfterAlertsChange(before.alerts ?? {}, alerts, before.channelHealth ?? {}) }
}
