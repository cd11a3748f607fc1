/**
 * Settings: alert channels (saved through the same patchSite as PATCH /api/v1/site, so the same URL
 * rules apply), a test alert through the real channels, and API keys (list, create, revoke).
 */
import { type Context, Hono } from 'hono'
import { database } from '../../db/client'
import { createKey, listKeys, revokeKey } from '../../db/keys'
import { patchSite, siteRow } from '../../db/site-settings'
import { confirmIfNew } from '../../routes/email-confirmation'
import { toSiteView } from '../../routes/site'
import { mergeAlertChannels } from '../../routes/site-input'
import { isLocal } from '../../env'
import { ProblemError } from '../../http/problem'
import { isScope } from '../../http/scopes'
import { signedIn } from '../guard'
import { sessionActor } from '../session'
import { SettingsPage, type SettingsProps } from '../pages/settings'
import { sendTestAlert } from '../test-alert'
import type { WebEnv } from '../types'

export const settingsPages = new Hono<WebEnv>()

const originOf = (c: Context<WebEnv>) => c.env.PUBLIC_URL ?? new URL(c.req.url).origin

async function render(c: Context<WebEnv>, extra: Partial<SettingsProps> = {}, status = 200) {
  const db = database(c.env.DB)
  const session = c.get('session')!
  const [row, keys] = await Promise.all([siteRow(db, session.siteId), listKeys(db, session.siteId)])
  c.status(status as 200)
  return c.render(
    <SettingsPage
      site={toSiteView(row, originOf(c))}
      keys={keys}
      currentKeyId={session.keyId}
      hasIdentitySecret={typeof (row as { identitySecret?: unknown }).identitySecret === 'string'}
      {...extra}
    />,
    { title: 'Settings', active: 'settings' },
  )
}

const NOTICES: Record<string, string> = { alerts: 'Alert channels saved.', revoked: 'Key revoked.' }
const CONFIRMATION = {
  sent: 'A confirmation link was mailed to the new address: it gets alerts once its owner confirms.',
  limited: 'No confirmation mail was sent (at most five a day): the new address stays pending.',
  failed: 'The confirmation mail could not be sent: the new address stays pending.',
}

settingsPages.get('/settings', signedIn('settings'), (c) => render(c, { notice: NOTICES[c.req.query('done') ?? ''] }))

settingsPages.post('/settings/alerts', signedIn('settings'), async (c) => {
  const f = await c.req.parseBody()
  const field = (k: string) => {
    const v = typeof f[k] === 'string' ? (f[k] as string).trim() : ''
    return v === '' ? null : v.slice(0, 2048)
  }
  try {
    const db = database(c.env.DB)
    const before = await siteRow(db, c.get('session')!.siteId)
    const alerts = mergeAlertChannels(before, { slackWebhookUrl: field('slackWebhookUrl'), email: field('email'), webhookUrl: field('webhookUrl') }, isLocal(c.env))
    const who = sessionActor(c.get('session')!)
    const now = Date.now()
    const { row, webhookSecret } = await patchSite(db, before, { ...alerts, alertOnMql: f.alertOnMql === 'yes' }, who, now)
    const mail = await confirmIfNew(c.env, db, before, row, originOf(c), who, now)
    const notice = mail.emailConfirmation ? `${NOTICES.alerts} ${CONFIRMATION[mail.emailConfirmation]}` : NOTICES.alerts
    if (webhookSecret) return render(c, { notice, secret: { label: 'Webhook signing secret', value: webhookSecret } })
    if (mail.emailConfirmation) return render(c, { notice })
  } catch (err) {
    if (err instanceof ProblemError && err.status < 500) return render(c, { error: `Not saved: ${err.detail}` }, err.status)
    throw err
  }
  return c.redirect('/app/settings?done=alerts', 303)
})

settingsPages.post('/settings/test-alert', signedIn('settings'), async (c) => {
  const r = await sendTestAlert(c.env, c.get('session')!.siteId, originOf(c), Date.now())
  if (!r) return render(c, { error: 'There is no lead yet for a test alert to describe: it needs at least one identified lead.' }, 409)
  const s = r.summary
  const parts = Object.entries(s).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`)
  return render(c, { notice: `Test alert about ${r.email} sent to ${r.channels.join(', ')}: ${parts.join(', ') || 'nothing to send'}.` })
})

settingsPages.post('/settings/keys', signedIn('keys'), async (c) => {
  const form = await c.req.parseBody()
  const name = String(form.name ?? '').trim()
  if (!name || name.length > 100) return render(c, { error: 'A key needs a name of 1 to 100 characters.' }, 400)
  const scope = form.scope ?? 'read'
  if (!isScope(scope)) return render(c, { error: 'A key’s scope is read, write or admin.' }, 400)
  const session = c.get('session')!
  const { key } = await createKey(database(c.env.DB), session.siteId, { name, scope }, sessionActor(session), Date.now())
  return render(c, { notice: `Key “${name}” created.`, secret: { label: `New API key “${name}”`, value: key } })
})

settingsPages.post('/settings/keys/:id/revoke', signedIn('keys'), async (c) => {
  const session = c.get('session')!
  const r = await revokeKey(database(c.env.DB), session.siteId, c.req.param('id'), sessionActor(session), Date.now())
  if (r === 'last-active-key') return render(c, { error: 'This is the last active key of the site: create another one before revoking it.' }, 409)
  if (r === 'not-found') return render(c, { error: 'No such key.' }, 404)
  // revoking the session's own key ends the session: the next page asks to sign in
  return c.redirect(r === 'revoked' && c.req.param('id') === session.keyId ? '/app/sign-in' : '/app/settings?done=revoked', 303)
})
