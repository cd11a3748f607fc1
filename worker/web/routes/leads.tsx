/** Hot leads and its refresh fragment. */
import { type Context, Hono } from 'hono'
import { database } from '../../db/client'
import { listLeadsPage } from '../../db/leads-query'
import { siteModelFor } from '../../db/site-model'
import { signedIn } from '../guard'
import { LeadRows, LeadsPage } from '../pages/leads'
import type { WebEnv } from '../types'
import { hotFilters, hotLeadRow } from '../vm/hot-leads'

export const leadsPages = new Hono<WebEnv>()

const PAGE = 50

async function hotRows(c: Context<WebEnv>, cursor?: string) {
  const now = Date.now()
  const db = database(c.env.DB)
  const siteId = c.get('session')!.siteId
  const f = hotFilters(c.req.query(), now)
  const model = await siteModelFor(db, siteId)
  const page = await listLeadsPage(db, siteId, model, f.filters, '-score', PAGE, cursor, now)
  return { now, f, next: page.next, rows: page.rows.map((r) => hotLeadRow(r, model, now)) }
}

leadsPages.get('/leads', signedIn('view'), async (c) => {
  const cursor = c.req.query('cursor')
  const { now, f, next, rows } = await hotRows(c, cursor && cursor.length <= 1000 ? cursor : undefined)
  return c.render(<LeadsPage rows={rows} f={f} now={now} next={next} />, { title: 'Hot leads', active: 'leads' })
})

// what the page's script polls: the table body only, so a refresh costs a few KB
leadsPages.get('/leads/rows', signedIn('view'), async (c) => {
  const { now, rows } = await hotRows(c)
  return c.html(<LeadRows rows={rows} now={now} />)
})
