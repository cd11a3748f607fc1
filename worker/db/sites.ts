/** Creating a site: the site row and its first API key, written together. */
import { apiKeys, type SiteAlerts, sites } from '../../schema/tables'
import { newApiKey } from '../http/api-key.js'
import { randomSecret } from '../http/crypto'
import { auditEntry } from './audit'
import { type Db, newId } from './client'

/** A created site's secrets: each is shown once and never again. */
export interface CreatedSite {
  id: string
  siteKey: string
  apiKey: string
  webhookSecret?: string
}

/**
 * Creates a site with its first API key in one batch; a webhook signing secret comes with a webhook URL.
 * @example
 * const { id, siteKey, apiKey } = await createSite(db, { name: 'Acme', domains: ['acme.com'] }, Date.now())
 */
export async function createSite(db: Db, input: { name: string; domains: string[]; alerts?: SiteAlerts }, now: number): Promise<CreatedSite> {
  const id = newId('site')
  const siteKey = randomSecret('sk', 12)
  const { key: apiKey, prefix, keyHash } = await newApiKey()
  const keyId = newId('key')
  const webhookSecret = input.alerts?.webhookUrl ? randomSecret('whsec', 24) : undefined
  await db.batch([
    db.insert(sites).values({ id, siteKey, name: input.name, domains: input.domains, alerts: input.alerts ?? {}, webhookSecret, createdAt: now }),
    db.insert(apiKeys).values({ id: keyId, siteId: id, name: 'default', scope: 'admin', prefix, keyHash, createdAt: now }),
    auditEntry(db, {
      siteId: id,
      who: { actor: 'operator' },
      action: 'site.create',
      summary: { name: input.name, domains: input.domains, alerts: input.alerts ?? {}, key: { id: keyId, name: 'default', scope: 'admin' } },
      at: now,
    }),
  ])
  return { id, siteKey, apiKey, ...(webhookSecret ? { webhookSecret } : {}) }
}
