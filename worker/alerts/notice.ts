/**
 * "Alerts to X are failing": the one notice a site's other channels (or the log) get when an alert's
 * last try failed. Stored in the outbox like an alert (so it is retried and leaves a trace), with its
 * own payload shape. Pure: message builders only.
 */
import type { ChannelName } from '../../schema/tables'
import { oneLine, truncate } from './format'

/** The payload of a notice row. */
export interface FailingNotice {
  noticeVersion: 1
  kind: 'channel-failing'
  site: { id: string; name: string }
  /** the channel whose alerts are failing */
  channel: ChannelName
  /** the failed alert's last error (a reason of our own, never another host's body) */
  lastError: string | null
  at: number
}

/**
 * A stored payload read back as a notice, or null when it is something else (an alert).
 * @example
 * const n = asNotice(row.payload)
 */
export function asNotice(payload: unknown): FailingNotice | null {
  const p = typeof payload === 'string' ? safeParse(payload) : payload
  if (!p || typeof p !== 'object') return null
  const n = p as Partial<FailingNotice>
  return n.noticeVersion === 1 && n.kind === 'channel-failing' && typeof n.channel === 'string' && n.site ? (n as FailingNotice) : null
}

const LABEL: Record<ChannelName, string> = { slack: 'Slack', email: 'email', webhook: 'the webhook' }

/**
 * The notice as one line of text (Slack's `text`, the email's body, the log line).
 * @example
 * noticeText(n) // → 'Leadbeacon: alerts to the webhook of site "Acme" are failing (timed out after 10000 ms). …'
 */
export function noticeText(n: FailingNotice): string {
  const why = n.lastError ? ` (${truncate(oneLine(n.lastError), 200)})` : ''
  return `Leadbeacon: alerts to ${LABEL[n.channel]} of site "${truncate(oneLine(n.site.name), 100)}" are failing${why}. An alert was given up after its last retry; check the channel in the site's settings.`
}

/**
 * The JSON body of a notice sent to a webhook (signed like an alert; `type` tells them apart).
 * @example
 * noticeWebhookBody('notice.tr_1.webhook.slack', n) // '{"type":"channel.failing",…}'
 */
export function noticeWebhookBody(id: string, n: FailingNotice): string {
  return JSON.stringify({ type: 'channel.failing', id, createdAt: new Date(n.at).toISOString(), data: { site: n.site, channel: n.channel, lastError: n.lastError } })
}

/** Subject of the notice email (44 characters or fewer, like an alert's). */
export const NOTICE_SUBJECT = 'Leadbeacon: alerts are failing'

function safeParse(s: string): unknown {
  try {
    return JSON.parse(s)
  } catch {
    return null
  }
}
