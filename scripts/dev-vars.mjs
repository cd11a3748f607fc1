// .dev.vars for `npm run dev`: made from .dev.vars.example when missing (with a random ADMIN_TOKEN), and
// completed when an older one lacks the ENVIRONMENT line — without it wrangler dev would run the Worker
// in production mode, since wrangler.toml no longer sets a mode. A value the developer set is kept.
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Makes sure `<dir>/.dev.vars` exists and says which mode to run in; returns what it did.
 * @param {{ dir?: string, token?: () => string }} [opts]
 * @returns {{ created: boolean, addedEnvironment: boolean, adminToken: string | undefined, environment: string | undefined }}
 * @example
 * const { created, addedEnvironment, adminToken } = ensureDevVars()
 */
export function ensureDevVars({ dir = '.', token = () => randomBytes(18).toString('base64url') } = {}) {
  const file = join(dir, '.dev.vars')
  const created = !existsSync(file)
  let text = created ? readFileSync(join(dir, '.dev.vars.example'), 'utf8').replace(/^ADMIN_TOKEN=.*$/m, `ADMIN_TOKEN=${token()}`) : readFileSync(file, 'utf8')
  const addedEnvironment = !/^\s*ENVIRONMENT\s*=/m.test(text)
  if (addedEnvironment) {
    const sep = text === '' || text.endsWith('\n') ? '' : '\n'
    text += `${sep}# added by npm run dev: local mode (http:// and loopback alert URLs, /demo, fast retries)\nENVIRONMENT=local\n`
  }
  if (created || addedEnvironment) writeFileSync(file, text)
  return {
    created,
    addedEnvironment,
    adminToken: /^ADMIN_TOKEN=(.*)$/m.exec(text)?.[1],
    environment: /^\s*ENVIRONMENT\s*=\s*"?([^"\n]*?)"?\s*$/m.exec(text)?.[1],
  }
}
