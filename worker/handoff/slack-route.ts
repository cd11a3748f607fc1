/**
 * `POST /slack/interactions`: a click on an alert's Accept / Disqualify / Recycle. Verified with the
 * signing secret of the site the click names, then the lead of THAT site is changed at most once (the
 * optimistic lock decides between racing clicks), and Slack gets its 200 at once; the message is replaced
 * (or an ephemeral "already accepted by …" is posted) through `response_url` after the answer.
 */
import { OpenAPIHono, z } from '@hono/zod-openapi'
import { alertUrlProblem, deliver } from '../alerts'
import { database } from '../db/client'
import { handoffLead, slackSigningSecret } from '../db/handoff'
import { applySalesPatch } from '../db/lead-update'
import { type AppEnv, isLocal } from '../env'
import { ProblemError } from '../http/problem'
import { alreadyReply, decisionReply, staleReply } from './replies'
import { readSlackClick } from './slack-payload'
import { timestampFresh, verifySlackSignature } from './slack-signature'

/** Slack's interaction payloads are a few kilobytes; anything far larger is not one. */
const MAX_BODY = 256 * 1024

const unverified = (detail: string) => new ProblemError(401, detail, { type: 'unauthorized' })

/**
 * The Slack app's Interactivity request URL. A plain handler (the signature must be checked over the raw
 * body before anything parses it); the path is documented in /openapi.json by hand.
 * @example
 * app.route('/', slackRoutes)
 */
export const slackRoutes = new OpenAPIHono<AppEnv>()

const problemBody = (description: string) => ({ description, content: { 'application/problem+json': { schema: z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string() }) } } })

slackRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/slack/interactions',
  summary: 'Slack: a click on an SQL alert’s Accept / Disqualify / Recycle',
  description:
    "Called by Slack (the app's Interactivity request URL), signed with the site's Slack signing secret: `X-Slack-Signature: v0=<hex HMAC-SHA256 of \"v0:<timestamp>:<raw body>\">` " +
    'and `X-Slack-Request-Timestamp` within 5 minutes. The change is recorded once, with the Slack user as actor ("slack:<id> <name>"); ' +
    'the alert is then replaced through `response_url` ("Accepted by @sam · 14:02 UTC"), and a click on a lead that already moved gets an ephemeral note instead. ' +
    'A control acts only on the SQL its alert announced: after the lead was recycled (even if it is SQL again) an old alert\'s click changes nothing and gets an ephemeral note.',
  request: {
    headers: z.object({ 'x-slack-request-timestamp': z.string(), 'x-slack-signature': z.string() }),
    body: { content: { 'application/x-www-form-urlencoded': { schema: z.object({ payload: z.string().openapi({ description: 'the block_actions payload, JSON' }) }) } }, required: true },
  },
  responses: {
    200: { description: 'received (the answer to Slack follows through response_url)' },
    401: problemBody('bad or missing signature, a timestamp more than 5 minutes off, or not a Leadbeacon click'),
    404: problemBody('the lead is not one of the site the click names'),
    413: problemBody('body too large'),
  },
})

slackRoutes.post('/slack/interactions', async (c) => {
  const now = Date.now()
  const timestamp = c.req.header('x-slack-request-timestamp')
  const fresh = timestampFresh(timestamp, now)
  if (!fresh.ok) throw unverified(fresh.reason)
  const declared = Number(c.req.header('content-length') ?? 0)
  if (declared > MAX_BODY) throw new ProblemError(413, `an interaction payload is at most ${MAX_BODY} bytes`, { type: 'too-large' })
  // the signature covers the bytes as sent: verify those, parse their decoding
  const rawBody = new Uint8Array(await c.req.arrayBuffer())
  if (rawBody.byteLength > MAX_BODY) throw new ProblemError(413, `an interaction payload is at most ${MAX_BODY} bytes`, { type: 'too-large' })

  const click = readSlackClick(new TextDecoder().decode(rawBody))
  if (!click) throw unverified('not a Leadbeacon handoff click: nothing to verify it with')
  const db = database(c.env.DB)
  const secret = await slackSigningSecret(db, click.ref.siteId)
  if (!secret) throw unverified('the site this click names has no Slack signing secret')
  const verdict = await verifySlackSignature({ secret, timestamp, signature: c.req.header('x-slack-signature'), rawBody, now })
  if (!verdict.ok) throw unverified(verdict.reason)

  const lead = await handoffLead(db, click.ref.siteId, click.ref.leadId)
  if (!lead) throw new ProblemError(404, 'no such lead on this site', { type: 'not-found' })
  if (!click.decision) return c.body(null, 200) // the "Open lead" link: Slack reports the click, nothing to do

  const actor = `slack:${click.user.id} ${click.user.name}`
  const result = await applySalesPatch(db, click.ref.siteId, lead.id, { stage: click.decision.stage, reason: click.decision.reason ?? undefined }, now, {
    actor,
    source: 'slack',
    onlyFrom: ['sql'],
    episode: click.ref.episode,
  })
  if (result.kind === 'missing') throw new ProblemError(404, 'no such lead on this site', { type: 'not-found' })
  const reply =
    result.kind === 'applied' ? decisionReply(lead, click.decision, actor, now) : result.kind === 'stale' ? staleReply(result.stage) : alreadyReply(result.stage, result.last)
  const url = click.responseUrl
  if (url && alertUrlProblem(url, { channel: 'slack', local: isLocal(c.env) }) === null) {
    const post = deliver(url, { body: JSON.stringify(reply), headers: { 'content-type': 'application/json' }, now }).then((r) => {
      if (r.outcome !== 'sent') console.error('slack response_url not accepted', r.status, r.error)
    })
    try {
      c.executionCtx.waitUntil(post)
    } catch {
      await post // no execution context (app.request in a script)
    }
  }
  return c.body(null, 200)
})
