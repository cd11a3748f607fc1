// The local demo site that `npm run dev`, the browser tests and the bench seed.
import { apiKeyColumns } from '../worker/http/api-key.js'

export const DEMO_SITE_KEY = 'demo'
/** The demo site's API key: local only, printed by `npm run dev` and used by the /demo page. */
export const DEMO_API_KEY = 'lb_demo_local_key'
// The stored columns of the demo key, in the Worker's own key format.
const demoKey = await apiKeyColumns(DEMO_API_KEY)

/**
 * The SQL that seeds the demo site (idempotent).
 */
export function demoSeedSql() {
  const now = Date.now()
  return [
    `INSERT OR IGNORE INTO sites (id, site_key, name, domains, alerts, channel_health, alert_on_mql, alert_cooldown_days, retention_days, model_version, created_at)`,
    ` VALUES ('site_demo', '${DEMO_SITE_KEY}', 'Demo site', '["localhost","127.0.0.1"]', '{}', '{}', 0, 30, 395, 0, ${now});`,
    `INSERT OR IGNORE INTO api_keys (id, site_id, name, prefix, key_hash, created_at)`,
    ` VALUES ('key_demo', 'site_demo', 'demo (local only)', '${demoKey.prefix}', '${demoKey.keyHash}', ${now});`,
  ].join('')
}
