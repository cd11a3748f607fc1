/**
 * Route guards: a page needs a signed-in key whose scope allows the page's action (see can.ts).
 * Without a session a GET is sent to the sign-in page (and back afterwards); anything else is refused.
 */
import { createMiddleware } from 'hono/factory'
import { type Action, can } from './can'
import { readSession } from './session'
import type { WebEnv } from './types'

/** Thrown to answer with the plain 403 page. */
export class Forbidden extends Error {}

/**
 * Requires a session allowed to do `action`.
 * @example
 * web.get('/leads', signedIn('view'), (c) => c.text('leads'))
 */
export const signedIn = (action: Action) =>
  createMiddleware<WebEnv>(async (c, next) => {
    const session = c.get('session') ?? (await readSession(c, Date.now()))
    if (!session) {
      if (c.req.method === 'GET') {
        const url = new URL(c.req.url)
        return c.redirect(`/app/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`, 303)
      }
      throw new Forbidden('Your session has ended (signed out, expired, or its key was revoked). Sign in again.')
    }
    c.set('session', session)
    c.set('scope', session.scope)
    if (!can(session.scope, action)) throw new Forbidden(`The key “${session.keyName}” may not do this (${action}).`)
    await next()
  })

/**
 * Where to go after signing in: only a path inside the app, never another origin.
 * @example
 * safeNext('/app/leads/ld_1') // '/app/leads/ld_1'
 * safeNext('//evil.example') // '/app/leads'
 */
export function safeNext(next: string | undefined): string {
  return next && /^\/app(\/[^\\]*)?$/.test(next) && !next.startsWith('//') ? next : '/app/leads'
}
