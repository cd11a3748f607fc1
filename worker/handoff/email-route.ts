/**
 * The one-click handoff links of alert emails. `GET /handoff/{token}` only shows a confirm page (mail
 * scanners and link previews fetch GETs: they must change nothing); its form POSTs to the same URL,
 * which records the decision once, with the alert address as the actor.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi'
import { DISQUALIFY_REASONS, type SalesStage } from '../../schema/lead-values'
import { database } from '../db/client'
import { handoffLead } from '../db/handoff'
import { applySalesPatch } from '../db/lead-update'
import { siteRow } from '../db/site-settings'
import type { AppEnv, Env } from '../env'
import { actorLabel } from './replies'
import { type EmailAction, type HandoffClaims, readHandoffToken } from './email-token'


const STAGE: Record<EmailAction, SalesStage> = { accept: 'accepted', disqualify: 'disqualified', recycle: 'recycled' }
const VERB: Record<EmailAction, string> = { accept: 'Accept', disqualify: 'Disqualify', recycle: 'Recycle' }

/** The key email links are signed with: LINK_SECRET, else the operator token. */
export const linkSecret = (env: Pick<Env, 'ADMIN_TOKEN'> & { LINK_SECRET?: string }) => env.LINK_SECRET || env.ADMIN_TOKEN

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title></head><body style="font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem"><h1 style="font-size:1.3rem">${esc(title)}</h1>${body}</body></html>`
  return new Response(html, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Robots-Tag': 'noindex',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    },
  })
}

async function claimsOf(env: Env, token: string, now: number): Promise<HandoffClaims | Response> {
  const claims = await readHandoffToken(linkSecret(env), token, now)
  if (claims === 'expired') return page(410, 'This link has expired', '<p>Handoff links work for 14 days. Open the lead in Leadbeacon to change its stage.</p>')
  if (!claims) return page(404, 'Unknown link', '<p>This link is not valid.</p>')
  return claims
}

/**
 * The handoff links' pages (HTML, not JSON; documented in /openapi.json by hand).
 * @example
 * app.route('/', emailRoutes)
 */
export const emailRoutes = new OpenAPIHono<AppEnv>()

const html = (description: string) => ({ description, content: { 'text/html': { schema: z.string() } } })
const tokenParam = { params: z.object({ token: z.string().openapi({ param: { name: 'token', in: 'path' }, description: 'signed: site, lead, action, expiry (14 days)' }) }) }
for (const method of ['get', 'post'] as const) {
  emailRoutes.openAPIRegistry.registerPath({
    method,
    path: '/handoff/{token}',
    summary: method === 'get' ? 'Email handoff link: a confirm page (changes nothing)' : 'Email handoff link: record Accept / Disqualify (form field reason) / Recycle once',
    request: tokenParam,
    responses: { 200: html(method === 'get' ? 'the confirm page with its POST form' : 'done, or "already …" when the lead had moved'), 400: html('no valid reason'), 404: html('not a valid link, or the lead is gone'), 410: html('the link expired') },
  })
}

emailRoutes.get('/handoff/:token', async (c) => {
  const claims = await claimsOf(c.env, c.req.param('token'), Date.now())
  if (claims instanceof Response) return claims
  const lead = await handoffLead(database(c.env.DB), claims.siteId, claims.leadId)
  if (!lead) return page(404, 'Unknown lead', '<p>This lead no longer exists.</p>')
  const who = `${lead.name ? `${lead.name} · ` : ''}${lead.email}`
  const picker =
    claims.action === 'disqualify'
      ? `<p><label>Reason <select name="reason">${DISQUALIFY_REASONS.map((r) => `<option>${esc(r)}</option>`).join('')}</select></label></p>`
      : ''
  return page(
    200,
    `${VERB[claims.action]} ${who}?`,
    `<p>The lead is now <strong>${esc(lead.stage)}</strong>.</p><form method="post">${picker}<button type="submit">${esc(VERB[claims.action])}</button></form>`,
  )
})

emailRoutes.post('/handoff/:token', async (c) => {
  const now = Date.now()
  const claims = await claimsOf(c.env, c.req.param('token'), now)
  if (claims instanceof Response) return claims
  const db = database(c.env.DB)
  const site = await siteRow(db, claims.siteId).catch(() => null)
  if (!site) return page(404, 'Unknown lead', '<p>This lead no longer exists.</p>')
  let reason: string | undefined
  if (claims.action === 'disqualify') {
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
    const picked = String((form as Record<string, unknown>).reason ?? '')
    if (!(DISQUALIFY_REASONS as readonly string[]).includes(picked)) return page(400, 'Pick a reason', '<p>Go back and pick one of the reasons.</p>')
    reason = picked
  } else if (claims.action === 'recycle') reason = 'sent back to nurture from an alert email'
  const actor = `email:${site.alerts?.email ?? 'alert link'}`
  const result = await applySalesPatch(db, claims.siteId, claims.leadId, { stage: STAGE[claims.action], reason }, now, { actor, source: 'email', onlyFrom: ['sql'] })
  if (result.kind === 'missing') return page(404, 'Unknown lead', '<p>This lead no longer exists.</p>')
  if (result.kind === 'unchanged') {
    const by = result.last ? ` by ${esc(actorLabel(result.last.actor))}` : ''
    return page(200, 'Nothing changed', `<p>This lead is already <strong>${esc(result.stage)}</strong>${by}.</p>`)
  }
  return page(200, STAGE[claims.action][0].toUpperCase() + STAGE[claims.action].slice(1), '<p>Recorded. You can close this page.</p>')
})
