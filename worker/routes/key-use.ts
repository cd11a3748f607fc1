import { createMiddleware } from 'hono/factory'
import { database } from '../db/client'
import { touchKey } from '../db/keys'
import type { AppEnv } from '../env'

/**
 * After `requireApiKey`: records the key's lastUsedAt without delaying the answer (waitUntil).
 * A failure to record is logged, never surfaced: it must not fail the request it describes.
 * @example
 * middleware: [requireApiKey, trackKeyUse] as const
 */
export const trackKeyUse = createMiddleware<AppEnv>(async (c, next) => {
  const job = touchKey(database(c.env.DB), c.get('apiKeyId'), Date.now()).catch((err) => console.error('lastUsedAt not recorded', err))
  try {
    c.executionCtx.waitUntil(job)
  } catch {
    await job // no execution context (e.g. app.request in a script): finish the write inline
  }
  await next()
})
