/**
 * What a failed delivery records: the status code and a short reason of our own. A response body is
 * never stored, except one of Slack's documented error codes from the Slack channel — an endpoint's
 * answer could otherwise carry anything (another service's data, a probe's result) into our rows and
 * API. Pure.
 */

/** Slack's documented incoming-webhook error codes: the only response text ever kept. */
export const SLACK_ERROR_CODES: ReadonlySet<string> = new Set([
  'invalid_payload',
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_attachments',
  'too_many_attachments',
  'no_text',
  'missing_text_or_fallback_or_attachments',
  'msg_too_long',
  'user_not_found',
  'channel_not_found',
  'channel_is_archived',
  'action_prohibited',
  'posting_to_general_channel_denied',
  'no_service',
  'no_service_id',
  'no_team',
  'team_disabled',
  'invalid_token',
  'rollup_error',
  'rate_limited',
])

/** Bytes of a Slack error body read at most (the longest code is well under this). */
export const SLACK_BODY_MAX = 64

/**
 * The reason recorded for a non-2xx, non-3xx answer.
 * @example
 * deliveryReason(503) // → 'HTTP 503: server error'
 * deliveryReason(404, 'no_service') // → 'HTTP 404: no_service' (a Slack code)
 * deliveryReason(400, 'hello from the intranet') // → 'HTTP 400: request refused'
 */
export function deliveryReason(status: number, slackBody?: string | null): string {
  const code = slackBody?.trim()
  if (code && SLACK_ERROR_CODES.has(code)) return `HTTP ${status}: ${code}`
  return `HTTP ${status}: ${statusReason(status)}`
}

function statusReason(status: number): string {
  if (status === 404) return 'not found'
  if (status === 410) return 'gone'
  if (status === 429) return 'rate limited'
  if (status === 408) return 'request timeout'
  if (status === 425) return 'too early'
  if (status === 401) return 'unauthorised'
  if (status === 403) return 'forbidden'
  if (status === 413) return 'payload too large'
  if (status >= 500) return 'server error'
  if (status >= 400) return 'request refused'
  return 'unexpected answer'
}
