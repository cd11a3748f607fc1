/**
 * The handoff controls of a Slack SQL alert (Accept, a Disqualify reason picker, Recycle) and the
 * reference they carry back. Pure. The reference names the site, the lead and the SQL transition the
 * alert was for; the interactions endpoint verifies the click with THAT site's signing secret and acts
 * only on a lead of that site, and only while that SQL is the lead's current one, so a reference cannot
 * make one site act on another's lead, nor an old alert decide a later SQL of the same lead.
 */
import type { ActionsBlockElement, Button, StaticSelect } from '@slack/types'
import { DISQUALIFY_REASONS } from '../../schema/lead-values'

/** The action_ids Slack sends back. `open_lead` is the link button: a click on it changes nothing. */
export const HANDOFF_ACTIONS = { accept: 'accept', disqualify: 'disqualify', recycle: 'recycle', open: 'open_lead' } as const

/** The site and lead a control acts on, and the SQL transition (episode) its alert announced. */
export interface HandoffRef {
  siteId: string
  leadId: string
  /** absent in controls of alerts sent before episodes were named (`lb1|…`): they act on the lead as it is */
  episode?: string
}

/**
 * The reference a control carries (as the actions block's `block_id` and the buttons' `value`).
 * @example
 * encodeHandoffRef({ siteId: 'st_1', leadId: 'ld_2', episode: 'tr_3' }) // → 'lb2|st_1|ld_2|tr_3'
 */
export function encodeHandoffRef(ref: HandoffRef): string {
  return ref.episode ? `lb2|${ref.siteId}|${ref.leadId}|${ref.episode}` : `lb1|${ref.siteId}|${ref.leadId}`
}

const REF = /^lb2\|([A-Za-z0-9_-]{1,64})\|([A-Za-z0-9_-]{1,64})\|([A-Za-z0-9_-]{1,64})$/
const LEGACY_REF = /^lb1\|([A-Za-z0-9_-]{1,64})\|([A-Za-z0-9_-]{1,64})$/

/**
 * A reference read back from a click, or null when it is not one of ours.
 * @example
 * decodeHandoffRef('lb2|st_1|ld_2|tr_3') // → { siteId: 'st_1', leadId: 'ld_2', episode: 'tr_3' }
 */
export function decodeHandoffRef(s: unknown): HandoffRef | null {
  if (typeof s !== 'string' || s.length > 255) return null
  const m = REF.exec(s)
  if (m) return { siteId: m[1], leadId: m[2], episode: m[3] }
  const old = LEGACY_REF.exec(s)
  return old ? { siteId: old[1], leadId: old[2] } : null
}

/**
 * The three handoff controls for one lead.
 * @example
 * blocks.push({ type: 'actions', block_id: encodeHandoffRef(ref), elements: [openButton, ...handoffElements(ref)] })
 */
export function handoffElements(ref: HandoffRef): ActionsBlockElement[] {
  const value = encodeHandoffRef(ref)
  const accept: Button = { type: 'button', action_id: HANDOFF_ACTIONS.accept, text: { type: 'plain_text', text: 'Accept' }, value, style: 'primary' }
  const disqualify: StaticSelect = {
    type: 'static_select',
    action_id: HANDOFF_ACTIONS.disqualify,
    placeholder: { type: 'plain_text', text: 'Disqualify…' },
    options: DISQUALIFY_REASONS.map((r) => ({ text: { type: 'plain_text', text: r }, value: r })),
  }
  const recycle: Button = { type: 'button', action_id: HANDOFF_ACTIONS.recycle, text: { type: 'plain_text', text: 'Recycle' }, value }
  return [accept, disqualify, recycle]
}
