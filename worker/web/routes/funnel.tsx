/** The sales funnel of the signed-in key's site, over a range of days: what `GET /api/v1/funnel` answers. */
import { Hono } from 'hono'
import { database } from '../../db/client'
import { siteFunnel } from '../../db/funnel'
import { signedIn } from '../guard'
import { FunnelError, FunnelPage } from '../pages/funnel'
import type { WebEnv } from '../types'
import { funnelRange } from '../vm/funnel'

export const funnelPages = new Hono<WebEnv>()

// 'view' is the API's leads.read, the scope GET /api/v1/funnel needs
funnelPages.get('/funnel', signedIn('view'), async (c) => {
  const range = funnelRange(c.req.query(), Date.now())
  if (!range.ok) {
    c.status(400)
    return c.render(<FunnelError form={range.form} error={range.error} />, { title: 'Funnel', active: 'funnel' })
  }
  const f = await siteFunnel(database(c.env.DB), c.get('session')!.siteId, range.since, range.until)
  return c.render(<FunnelPage f={f} form={range.form} />, { title: 'Funnel', active: 'funnel' })
})
