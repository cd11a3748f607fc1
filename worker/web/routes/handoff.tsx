/**
 * `/app/handoff?t=…`: the one-click answers of an SQL alert email. The GET only shows the confirm form
 * (mail scanners and link previews fetch GETs: they must change nothing); the form POSTs back here, and
 * only that records the change. The signed token is the capability (no session needed); the app's csrf
 * check still refuses a POST sent from another origin.
 */
import { type Context, Hono } from 'hono'
import { ACTION_STAGE, actorLabel, emailActionReason, type LastChange, openEmailAction, recordEmailAction } from '../../handoff'
import { Forbidden } from '../guard'
import { HandoffConfirm, type HandoffLeadView, HandoffResult, VERB } from '../pages/handoff'
import type { WebEnv } from '../types'

export const handoffPages = new Hono<WebEnv>()

const BAD_LINK = 'This link is not valid: it was changed, or it has expired (links in alert emails work for 14 days). Open the lead in Leadbeacon to change its stage.'
const GONE = 'This lead no longer exists here (it may have been erased).'
const STALE = 'This link belongs to an earlier alert: the lead was sent back to nurture since. Nothing was changed.'

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
const already = (stage: string, last: LastChange) =>
  `This lead is already ${stage}${last ? ` by ${actorLabel(last.actor)} · ${utc(last.at)}` : ''}; nothing changed.`

const formUrl = (token: string) => `/app/handoff?t=${encodeURIComponent(token)}`

async function opened(c: Context<WebEnv>, now: number) {
  const token = c.req.query('t')
  const o = await openEmailAction(c.env, token, now)
  if (o.kind === 'invalid') throw new Forbidden(BAD_LINK)
  return { o, token: token! }
}

handoffPages.get('/handoff', async (c) => {
  const { o, token } = await opened(c, Date.now())
  if (o.kind === 'missing') {
    c.status(404)
    return c.render(<HandoffResult heading="Not found" message={GONE} />, { title: 'Not found' })
  }
  const lead: HandoffLeadView = o.lead
  if (o.kind === 'stale') return c.render(<HandoffResult heading="Nothing to do" message={STALE} lead={lead} />, { title: 'Nothing to do' })
  if (o.kind === 'moved') return c.render(<HandoffResult heading="Already answered" message={already(lead.stage, o.last)} lead={lead} />, { title: 'Already answered' })
  return c.render(<HandoffConfirm action={o.link.action} lead={lead} formUrl={formUrl(token)} />, { title: `${VERB[o.link.action]} this lead?` })
})

handoffPages.post('/handoff', async (c) => {
  const now = Date.now()
  const { o, token } = await opened(c, now)
  if (o.kind === 'missing') {
    c.status(404)
    return c.render(<HandoffResult heading="Not found" message={GONE} />, { title: 'Not found' })
  }
  if (o.kind === 'stale') return c.render(<HandoffResult heading="Nothing to do" message={STALE} lead={o.lead} />, { title: 'Nothing to do' })
  const form = await c.req.parseBody().catch(() => ({}))
  const reason = emailActionReason(o.link.action, form)
  if (reason === null) {
    c.status(400)
    return c.render(<HandoffConfirm action={o.link.action} lead={o.lead} formUrl={formUrl(token)} error="Pick one of the reasons." />, { title: 'Pick a reason' })
  }
  const result = await recordEmailAction(c.env, o.link, reason, now)
  if (result.kind === 'missing') {
    c.status(404)
    return c.render(<HandoffResult heading="Not found" message={GONE} />, { title: 'Not found' })
  }
  if (result.kind === 'unchanged') {
    return c.render(<HandoffResult heading="Already answered" message={already(result.stage, result.last)} lead={{ ...o.lead, stage: result.stage }} />, { title: 'Already answered' })
  }
  const stage = ACTION_STAGE[o.link.action]
  const what = `${stage[0].toUpperCase()}${stage.slice(1)}${reason && o.link.action === 'disqualify' ? ` (${reason})` : ''}`
  return c.render(<HandoffResult heading={what} message={`${what} by ${o.link.to} · ${utc(now)}. Recorded.`} lead={{ ...o.lead, stage }} />, { title: what })
})
