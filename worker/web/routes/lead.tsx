/**
 * The lead page (by session, or read-only by an alert's signed link) and its actions, which go through
 * the same functions as the API's PATCH and DELETE.
 */
import { Hono } from 'hono'
import { database } from '../../db/client'
import { eraseLead } from '../../db/erase'
import { loadLeadDetail } from '../../db/lead-detail'
import { applySalesPatch } from '../../db/lead-update'
import { loadScoreSeries } from '../../db/score-history'
import { siteModelFor } from '../../db/site-model'
import { runJobs } from '../../jobs/runner'
import { verifyLeadLink } from '../../http/lead-link'
import { can } from '../can'
import { Forbidden, signedIn } from '../guard'
import { LeadPage } from '../pages/lead'
import { readSession, sessionActor } from '../session'
import type { WebEnv } from '../types'

export const leadPages = new Hono<WebEnv>()

const BAD_LINK = 'This link is not valid: it was changed, or it has expired (links from alerts work for 14 days). Sign in to see the lead.'
const NOTICES: Record<string, string> = {
  accepted: 'Marked accepted.',
  disqualified: 'Marked disqualified.',
  won: 'Outcome recorded: won.',
  lost: 'Outcome recorded: lost.',
}

leadPages.get('/leads/:id', async (c) => {
  const id = c.req.param('id')
  const now = Date.now()
  const session = await readSession(c, now)
  let siteId: string
  let viaLink = false
  if (session) {
    c.set('session', session)
    c.set('scope', session.scope)
    if (!can(session.scope, 'view')) throw new Forbidden(`The key “${session.keyName}” may not view leads.`)
    siteId = session.siteId
  } else {
    const token = c.req.query('t')
    if (token === undefined) return c.redirect(`/app/sign-in?next=${encodeURIComponent(`/app/leads/${id}`)}`, 303)
    const link = await verifyLeadLink(c.env.ADMIN_TOKEN, token, now)
    // a valid link opens its own lead only
    if (!link || link.leadId !== id) throw new Forbidden(BAD_LINK)
    c.set('scope', 'lead-link')
    siteId = link.siteId
    viaLink = true
  }
  const db = database(c.env.DB)
  const model = await siteModelFor(db, siteId)
  const [lead, series] = await Promise.all([loadLeadDetail(db, siteId, id, model, now, { limit: 100 }), loadScoreSeries(db, siteId, id, model, now)])
  if (!lead || !series) {
    if (viaLink) throw new Forbidden('This lead no longer exists (it may have been erased).')
    c.status(404)
    return c.render(<p>No such lead on this site.</p>, { title: 'Not found' })
  }
  const scope = c.get('scope')!
  return c.render(
    <LeadPage lead={lead} series={series} now={now} viaLink={viaLink} allowed={{ sales: can(scope, 'sales'), erase: can(scope, 'erase') }} notice={NOTICES[c.req.query('done') ?? '']} />,
    { title: lead.name ?? lead.email, active: viaLink ? undefined : 'leads' },
  )
})

leadPages.post('/leads/:id/stage', signedIn('sales'), async (c) => {
  const id = c.req.param('id')
  const stage = (await c.req.parseBody()).stage
  if (stage !== 'accepted' && stage !== 'disqualified' && stage !== 'recycled') throw new Forbidden('Unknown stage.')
  const session = c.get('session')!
  const done = await applySalesPatch(database(c.env.DB), session.siteId, id, { stage }, Date.now(), { actor: `key:${session.keyName}` })
  if (done.kind === 'missing') throw new Forbidden('No such lead on this site.')
  return c.redirect(`/app/leads/${encodeURIComponent(id)}?done=${stage}`, 303)
})

leadPages.post('/leads/:id/outcome', signedIn('sales'), async (c) => {
  const id = c.req.param('id')
  const outcome = (await c.req.parseBody()).outcome
  if (outcome !== 'won' && outcome !== 'lost') throw new Forbidden('Unknown outcome.')
  const session = c.get('session')!
  const done = await applySalesPatch(database(c.env.DB), session.siteId, id, { outcome }, Date.now(), { actor: `key:${session.keyName}` })
  if (done.kind === 'missing') throw new Forbidden('No such lead on this site.')
  return c.redirect(`/app/leads/${encodeURIComponent(id)}?done=${outcome}`, 303)
})

leadPages.post('/leads/:id/erase', signedIn('erase'), async (c) => {
  const id = c.req.param('id')
  if ((await c.req.parseBody()).confirm !== 'yes') throw new Forbidden('Tick the confirmation box to erase a lead.')
  const session = c.get('session')!
  const erased = await eraseLead(database(c.env.DB), session.siteId, id, sessionActor(session), Date.now())
  if (!erased) throw new Forbidden('No such lead on this site.')
  // the person's events go in bounded steps, after the answer (and by the cron)
  if (erased.jobId) c.executionCtx.waitUntil(runJobs(c.env, { jobId: erased.jobId }).catch((err) => console.error('erase job', err)))
  return c.redirect('/app/leads', 303)
})
