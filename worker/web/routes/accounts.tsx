/** Accounts: companies (by email domain) ranked by their best people, each with its top leads. */
import { Hono } from 'hono'
import { listAccounts } from '../../db/accounts'
import { database } from '../../db/client'
import { siteModelFor } from '../../db/site-model'
import { signedIn } from '../guard'
import { StageBadge } from '../pages/leads'
import type { WebEnv } from '../types'
import { ago } from '../vm/format'

export const accountsPages = new Hono<WebEnv>()

/** Accounts shown on the page; the API lists them all. */
const SHOWN = 100

accountsPages.get('/accounts', signedIn('view'), async (c) => {
  const db = database(c.env.DB)
  const siteId = c.get('session')!.siteId
  const now = Date.now()
  const accounts = (await listAccounts(db, siteId, await siteModelFor(db, siteId), now)).slice(0, SHOWN)
  return c.render(
    <>
      <h1>Accounts</h1>
      <p class="small muted">Companies by the summed scores of their best people (free-mail addresses have no account).</p>
      {accounts.length === 0 ? <p class="muted">No accounts yet.</p> : null}
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th class="num">Score</th>
              <th>Account</th>
              <th>Top people</th>
              <th class="num hide-sm">Engaged / people</th>
              <th class="hide-sm">Last seen</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr>
                <td class="num">
                  <b>{a.score}</b>
                </td>
                <td>
                  <a href={`/app/leads?domain=${encodeURIComponent(a.domain)}`}>{a.domain}</a>
                </td>
                <td class="small">
                  {a.topPeople.map((p) => (
                    <div>
                      <a href={`/app/leads/${encodeURIComponent(p.id)}`}>{p.name ?? p.email}</a> {p.score} <StageBadge stage={p.stage} />
                    </div>
                  ))}
                </td>
                <td class="num hide-sm">
                  {a.engagedPeople} / {a.people}
                </td>
                <td class="small hide-sm">{ago(a.lastSeenAt, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>,
    { title: 'Accounts', active: 'accounts' },
  )
})
