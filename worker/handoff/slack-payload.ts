/**
 * A Slack `block_actions` interaction, as far as the handoff needs it: who clicked, which control, the
 * reference it carries, and where to answer. Everything else Slack sends (the echoed message included)
 * is ignored: replies are built from our own data.
 */
import { z } from 'zod'
import { decodeHandoffRef, HANDOFF_ACTIONS, type HandoffRef } from '../alerts'
import { DISQUALIFY_REASONS, type SalesStage } from '../../schema/lead-values'

const Payload = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1).max(64), username: z.string().max(200).optional(), name: z.string().max(200).optional() }),
  response_url: z.string().max(2048).optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string().max(255),
        block_id: z.string().max(255).optional(),
        value: z.string().max(2000).optional(),
        selected_option: z.object({ value: z.string().max(150) }).nullish(),
      }),
    )
    .min(1),
})

/** One click, read. `decision` is null for a control that changes nothing (the "Open lead" link). */
export interface SlackClick {
  ref: HandoffRef
  user: { id: string; name: string }
  responseUrl: string | null
  decision: { stage: SalesStage; reason: string | null } | null
}

/**
 * The click in a raw `application/x-www-form-urlencoded` body (`payload=<json>`), or null when the body
 * is not a handoff click of ours. Read before the signature is checked (to know whose secret to check it
 * with), so nothing here is trusted yet.
 * @example
 * const click = readSlackClick(rawBody)
 */
export function readSlackClick(rawBody: string): SlackClick | null {
  let json: unknown
  try {
    json = JSON.parse(new URLSearchParams(rawBody).get('payload') ?? '')
  } catch {
    return null
  }
  const p = Payload.safeParse(json)
  if (!p.success) return null
  const action = p.data.actions[0]
  const ref = decodeHandoffRef(action.block_id) ?? decodeHandoffRef(action.value)
  if (!ref) return null
  const user = { id: p.data.user.id, name: p.data.user.username || p.data.user.name || p.data.user.id }
  return { ref, user, responseUrl: p.data.response_url ?? null, decision: decisionOf(action.action_id, action.selected_option?.value) }
}

function decisionOf(actionId: string, option: string | undefined): SlackClick['decision'] {
  if (actionId === HANDOFF_ACTIONS.accept) return { stage: 'accepted', reason: null }
  if (actionId === HANDOFF_ACTIONS.recycle) return { stage: 'recycled', reason: 'sent back to nurture from Slack' }
  if (actionId === HANDOFF_ACTIONS.disqualify && (DISQUALIFY_REASONS as readonly string[]).includes(option ?? '')) {
    return { stage: 'disqualified', reason: option as string }
  }
  return null
}
