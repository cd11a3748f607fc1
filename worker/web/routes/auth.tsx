/** Sign-in and sign-out. */
import { Hono } from 'hono'
import { safeNext } from '../guard'
import { SignInPage } from '../pages/sign-in'
import { endSession, keyBySecret, readSession, startSession } from '../session'
import type { WebEnv } from '../types'

export const authPages = new Hono<WebEnv>()

authPages.get('/sign-in', async (c) => {
  if (await readSession(c, Date.now())) return c.redirect(safeNext(c.req.query('next')), 303)
  return c.render(<SignInPage next={c.req.query('next')} />, { title: 'Sign in' })
})

authPages.post('/sign-in', async (c) => {
  const form = await c.req.parseBody()
  const key = typeof form.key === 'string' ? form.key.trim() : ''
  const next = typeof form.next === 'string' ? form.next : undefined
  const refuse = (error: string) => {
    c.status(401)
    return c.render(<SignInPage error={error} next={next} />, { title: 'Sign in' })
  }
  if (!c.env.ADMIN_TOKEN) return refuse('Signing in is not set up on this server (its ADMIN_TOKEN secret is missing).')
  if (!key || key.length > 200) return refuse('Enter an API key.')
  const found = await keyBySecret(c.env.DB, key)
  if (!found) return refuse('That API key is not valid: it is mistyped, or it was revoked.')
  await startSession(c, found.keyId, Date.now())
  return c.redirect(safeNext(next), 303)
})

authPages.post('/sign-out', (c) => {
  endSession(c)
  return c.redirect('/app/sign-in', 303)
})
