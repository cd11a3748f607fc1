// Helpers shared by the dev, test and bench scripts (Node only).
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'

export const DEMO_SITE_KEY = 'demo'
/** The demo site's API key: local only, printed by `npm run dev` and used by the /demo page. */
export const DEMO_API_KEY = 'lb_demo_local_key'

/** Runs a command, inheriting stdio; exits the process with its code when it fails. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts })
  if (r.status !== 0) {
    console.error(`\n✖ ${cmd} ${args.join(' ')} failed (exit ${r.status})`)
    process.exit(r.status ?? 1)
  }
}

/** Builds the snippet (dist/ and worker/generated/snippet.ts) when its build script exists. */
export function buildSnippet() {
  if (existsSync('snippet/build.mjs')) run(process.execPath, ['snippet/build.mjs'])
}

/** The SQL that seeds the demo site (idempotent). */
export function demoSeedSql() {
  const now = Date.now()
  const hash = createHash('sha256').update(DEMO_API_KEY).digest('hex')
  return [
    `INSERT OR IGNORE INTO sites (id, site_key, name, domains, alerts, channel_health, alert_on_mql, alert_cooldown_days, retention_days, model_version, created_at)`,
    ` VALUES ('site_demo', '${DEMO_SITE_KEY}', 'Demo site', '["localhost","127.0.0.1"]', '{}', '{}', 0, 30, 395, 0, ${now});`,
    `INSERT OR IGNORE INTO api_keys (id, site_id, name, prefix, key_hash, created_at)`,
    ` VALUES ('key_demo', 'site_demo', 'demo (local only)', '${DEMO_API_KEY.slice(0, 10)}', '${hash}', ${now});`,
  ].join('')
}

/** Spawns a long-running child; returns it. */
export function start(cmd, args, opts = {}) {
  return spawn(cmd, args, { stdio: 'inherit', ...opts })
}
