/**
 * The one-click answers of an alert email (Accept, Disqualify with a reason, Recycle): what a signed
 * link allows and recording it. The pages are the app's (`/app/handoff`, web/routes/handoff.tsx); the
 * GET there only reads (mail scanners and link previews fetch GETs), the POST calls `recordEmailAction`,
 * which changes an SQL lead at most once, with the address the alert went to as the actor.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi'
import { DISQUALIFY_REASONS, type SalesStage } from '../../schema/lead-values'
import { database } from '../db/client'
import { handoffLead } from '../db/handoff'
import { applySalesPatch, lastStageChange, type SalesChangeResult } from '../db/lead-update'
import type { AppEnv, Env } from '../env'
import { type EmailAction, type HandoffLink, verifyHandoffLink } from '../http/handoff-link'

export type { EmailAction, HandoffLink }

export const ACTION_STAGE: Record<EmailAction, SalesStage> = { accept: 'accepted', disqualify: 'disqualified', recycle: 'recycled' }

/** The reason a recycle from an email records when the person gave none. */
export const EMAIL_RECYCLE_REASON = 'sent back to nurture from an alert email'
/** A free-text recycle reason is cut here (it is stored and shown in the lead's history). */
const REASON_MAX = 200

type Lead = NonNullable<Awaited<ReturnType<typeof handoffLead>>>

/** Who moved a lead last, and when. */
export type LastChange = Awaited<ReturnType<typeof lastStageChange>>

/**
 * What a link opens: refused (bad, expired), its lead gone or not its site's, stale, already answered
 * (the lead is no longer `sql`), or ready for the confirm form.
 */
export type OpenedLink =
  | { kind: 'invalid' }
  | { kind: 'missing' }
  /** the lead was recycled after this alert: the link belongs to an SQL that is over */
  | { kind: 'stale'; link: HandoffLink; lead: Lead }
  | { kind: 'moved'; link: HandoffLink; lead: Lead; last: LastChange }
  | { kind: 'ready'; link: HandoffLink; lead: Lead }

/**
 * Verifies a link's token and reads the lead it names, on the site it names only.
 * @example
 * const opened = await openEmailAction(c.env, c.req.query('t'), Date.now())
 */
export async function openEmailAction(env: Pick<Env, 'DB' | 'ADMIN_TOKEN'>, token: string | undefined, now: number): Promise<OpenedLink> {
  const link = await verifyHandoffLink(env.ADMIN_TOKEN, token, now)
  if (!link) return { kind: 'invalid' }
  const lead = await handoffLead(database(env.DB), link.siteId, link.leadId)
  if (!lead) return { kind: 'missing' }
  if (lead.recycledAt !== null && lead.recycledAt > link.at) return { kind: 'stale', link, lead }
  if (lead.stage !== 'sql') return { kind: 'moved', link, lead, last: await lastStageChange(database(env.DB), lead.id, lead.stage) }
  return { kind: 'ready', link, lead }
}

/**
 * The reason the POSTed form gives for the link's action, or null when a disqualify names none of the
 * reasons offered.
 * @example
 * emailActionReason('disqualify', { reason: 'no budget' }) // → 'no budget'
 */
export function emailActionReason(action: EmailAction, form: Record<string, unknown>): string | undefined | null {
  if (action === 'disqualify') {
    const picked = typeof form.reason === 'string' ? form.reason : ''
    return (DISQUALIFY_REASONS as readonly string[]).includes(picked) ? picked : null
  }
  if (action === 'recycle') {
    const note = typeof form.note === 'string' ? form.note.replace(/\s+/g, ' ').trim().slice(0, REASON_MAX) : ''
    return note || EMAIL_RECYCLE_REASON
  }
  return undefined
}

/**
 * Records the link's action on its lead while it is still `sql`: exactly once however often the form is
 * sent; a lead that already moved comes back `unchanged` with who moved it.
 * @example
 * const r = await recordEmailAction(env, opened.link, 'no budget', Date.now())
 */
export function recordEmailAction(env: Pick<Env, 'DB'>, link: HandoffLink, reason: string | undefined, now: number): Promise<SalesChangeResult> {
  return applySalesPatch(database(env.DB), link.siteId, link.leadId, { stage: ACTION_STAGE[link.action], reason }, now, {
    actor: `email:${link.to}`,
    source: 'email',
    onlyFrom: ['sql'],
  })
}

/**
 * /openapi.json's description of the links' pages (HTML, served by the app; nothing is routed here).
 * @example
 * app.route('/', emailLinkDocs)
 */
export const emailLinkDocs = new OpenAPIHono<AppEnv>()

const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } })
const query = z.object({
  t: z.string().openapi({ description: 'the signed link token: site, lead, action, recipient address; expires with the alert’s lead link (14 days)' }),
})
emailLinkDocs.openAPIRegistry.registerPath({
  method: 'get',
  path: '/app/handoff',
  summary: 'Email one-click answer: the confirm page (changes nothing)',
  description:
    'SQL alert emails link here for Accept, Disqualify and Recycle. The GET only shows the lead and a form (mail scanners that prefetch links change nothing); the form POSTs to the same URL.',
  request: { query },
  responses: { 200: html('the confirm page, or "already accepted by …" when the lead has moved'), 403: html('the link is invalid, tampered with or expired'), 404: html('the lead is gone, or not on the link’s site') },
})
emailLinkDocs.openAPIRegistry.registerPath({
  method: 'post',
  path: '/app/handoff',
  summary: 'Email one-click answer: record Accept / Disqualify / Recycle once',
  description:
    'Moves the lead from `sql` to accepted / disqualified / recycled, once, recording the address the alert went to as actor (`"email:<address>"`) with `source: "email"`. ' +
    'A second POST, or one after the lead moved otherwise, changes nothing and answers "already … by …". The token is the capability; the POST must also come from this origin (`Origin` or `Sec-Fetch-Site: same-origin`), else 403.',
  request: {
    query,
    body: {
      required: false,
      content: {
        'application/x-www-form-urlencoded': {
          schema: z.object({
            reason: z.enum(DISQUALIFY_REASONS).optional().openapi({ description: 'Disqualify: required, one of these' }),
            note: z.string().max(REASON_MAX).optional().openapi({ description: 'Recycle: optional reason' }),
          }),
        },
      },
    },
  },
  responses: {
    200: html('recorded, or "already … by …" when the lead had moved'),
    400: html('Disqualify without one of the reasons (the form again)'),
    403: html('invalid, tampered or expired link, or a form sent from another origin'),
    404: html('the lead is gone, or not on the link’s site'),
  },
})
