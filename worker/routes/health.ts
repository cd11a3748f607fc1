import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { problem } from '../http/problem'

/**
 * `GET /health`: 200 when the Worker and D1 answer.
 * @example
 * app.route('/', healthRoutes)
 */
export const healthRoutes = new Hono<AppEnv>().get('/health', async (c) => {
  try {
    await c.env.DB.prepare('select 1').first()
    return c.json({ ok: true, d1: 'ok' })
  } catch {
    return problem(503, 'D1 did not answer', { type: 'unavailable' })
  }
})
