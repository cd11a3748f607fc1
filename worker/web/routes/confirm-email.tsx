/**
 * The page a confirmation mail links to. A GET only shows the address and a button — mail scanners and
 * link previews open links on their own, and must not confirm anything — and the POST confirms. A
 * forged, expired or stale link (the site's address changed since) confirms nothing: the 403 page.
 */
import { Hono } from 'hono'
import { database } from '../../db/client'
import { confirmAlertEmail } from '../../db/site-settings'
import { verifyEmailConfirm } from '../../http/email-confirm-link'
import { Forbidden } from '../guard'
import type { WebEnv } from '../types'

export const confirmEmailPages = new Hono<WebEnv>()

const BAD = 'This confirmation link is not valid: it was changed, it has expired, or the site uses another address now. Nothing was confirmed.'

confirmEmailPages.get('/confirm-email', async (c) => {
  const token = c.req.query('t')
  const link = await verifyEmailConfirm(c.env.ADMIN_TOKEN, token, Date.now())
  if (!link) throw new Forbidden(BAD)
  return c.render(
    <div class="card">
      <h1>Confirm this address</h1>
      <p>
        Send lead alerts to <b>{link.email}</b>?
      </p>
      <form method="post" action="/app/confirm-email">
        <input type="hidden" name="t" value={token} />
        <button type="submit">Yes, send alerts here</button>
      </form>
    </div>,
    { title: 'Confirm alert address' },
  )
})

confirmEmailPages.post('/confirm-email', async (c) => {
  const t = (await c.req.parseBody()).t
  const link = await verifyEmailConfirm(c.env.ADMIN_TOKEN, typeof t === 'string' ? t : null, Date.now())
  if (!link) throw new Forbidden(BAD)
  const r = await confirmAlertEmail(database(c.env.DB), link.siteId, link.email, Date.now())
  if (r === 'stale') throw new Forbidden(BAD)
  return c.render(
    <div class="card" role="status">
      <h1>Address confirmed</h1>
      <p>
        Lead alerts will be sent to <b>{link.email}</b>.
      </p>
    </div>,
    { title: 'Address confirmed' },
  )
})
