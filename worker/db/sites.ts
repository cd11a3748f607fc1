import { z } from '@hono/zod-openapi'
import { alertUrlProblem } from '../alerts/url-policy'
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
