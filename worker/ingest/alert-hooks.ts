import type { Env } from '../env'
import type { IngestHooks } from './pipeline'

/**
 * The alert side of ingest: outbox rows in the write batch, sending after the response.
 * @example
 * ingestBatch(db, batch, meta, alertHooks(env, origin))
 */
export function alertHooks(_env: Env, _origin: string): IngestHooks {
  return {}
}
