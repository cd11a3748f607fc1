/** Settings: the tag to paste, alert channels with a test alert, the identity snippet, API keys. */
import type { ApiKeyView } from '../../db/keys'
import type { SiteView } from '../../routes/site'
import { utc } from '../vm/format'

export interface SettingsProps {
  site: SiteView
  keys: ApiKeyView[]
  currentKeyId: string
  hasIdentitySecret: boolean
  notice?: string
  error?: string
  /** a secret shown once (a new key, a new webhook secret) */
  secret?: { label: string; value: string }
}

const IDENTITY_SNIPPET = `// on your server, for the signed-in user (Node):
import { createHmac } from 'node:crypto'
const hash = createHmac('sha256', process.env.LEADBEACON_IDENTITY_SECRET)
  .update(user.email.trim().toLowerCase()).digest('hex')
// then in the page: leadbeacon('identify', { email: user.email, hash })`

function Copyable({ id, text }: { id: string; text: string }) {
  return (
    <>
      <pre id={id}>{text}</pre>
      <button type="button" class="secondary" data-copy={id} hidden>
        Copy
      </button>
    </>
  )
}

export function SettingsPage(p: SettingsProps) {
  const a = p.site.alerts
  const health = Object.entries(p.site.channelHealth)
  return (
    <>
      <h1>Settings</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      {p.error ? (
        <p class="error" role="alert">
          {p.error}
        </p>
      ) : null}
      {p.secret ? (
        <section class="card" aria-labelledby="secret-h">
          <h2 id="secret-h">{p.secret.label}</h2>
          <p class="small">Shown once: copy it now.</p>
          <Copyable id="new-secret" text={p.secret.value} />
        </section>
      ) : null}
      <section class="card" aria-labelledby="tag-h">
        <h2 id="tag-h">The tag</h2>
        <p class="small muted">Paste it into every page of {p.site.domains.join(', ') || 'your site'}.</p>
        <Copyable id="script-tag" text={p.site.scriptTag} />
      </section>
      <section class="card" aria-labelledby="alerts-h">
        <h2 id="alerts-h">Alert channels</h2>
        <form method="post" action="/app/settings/alerts">
          <p>
            <label for="slack">Slack incoming-webhook URL</label>
            <input id="slack" name="slackWebhookUrl" type="url" value={a.slackWebhookUrl ?? ''} size={50} />
          </p>
          <p>
            <label for="email">Email address</label>
            <input id="email" name="email" type="email" value={a.email ?? ''} size={40} />
          </p>
          <p>
            <label for="webhook">Webhook URL</label>
            <input id="webhook" name="webhookUrl" type="url" value={a.webhookUrl ?? ''} size={50} />
          </p>
          <p>
            <input id="mql" name="alertOnMql" type="checkbox" value="yes" checked={p.site.alertOnMql} /> <label for="mql" class="inline">Also alert when a lead becomes MQL</label>
          </p>
          <button type="submit">Save channels</button>
        </form>
        {health.length ? (
          <ul class="small">
            {health.map(([ch, h]) => (
              <li>
                {ch}: {h.broken ? <b class="error">broken</b> : 'ok'} since {utc(h.at)} {h.error ? `(${h.error})` : ''}
              </li>
            ))}
          </ul>
        ) : null}
        <form method="post" action="/app/settings/test-alert">
          <p class="small muted">A test alert describes your top lead and goes through every configured channel (or the log, when none is).</p>
          <button type="submit" class="secondary">
            Send a test alert
          </button>
        </form>
      </section>
      {p.hasIdentitySecret ? (
        <section class="card" aria-labelledby="id-h">
          <h2 id="id-h">Verified identity</h2>
          <p class="small muted">Sign the email of a logged-in user on your server with the site's identity secret (shown when the site was created):</p>
          <Copyable id="identity-snippet" text={IDENTITY_SNIPPET} />
        </section>
      ) : null}
      <section class="card" aria-labelledby="keys-h">
        <h2 id="keys-h">API keys</h2>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Scope</th>
                <th class="hide-sm">Last used</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {p.keys.map((k) => (
                <tr>
                  <td>
                    {k.name}
                    {k.id === p.currentKeyId ? <span class="small muted"> (this session)</span> : null}
                  </td>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{k.scope}</td>
                  <td class="small hide-sm">{k.lastUsedAt ? utc(k.lastUsedAt) : 'never'}</td>
                  <td>
                    {k.revokedAt ? (
                      <span class="muted">revoked</span>
                    ) : (
                      <form method="post" action={`/app/settings/keys/${encodeURIComponent(k.id)}/revoke`}>
                        <button type="submit" class="danger" aria-label={`Revoke key ${k.name}`}>
                          Revoke
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <form method="post" action="/app/settings/keys" class="filters">
          <div>
            <label for="key-name">New key name</label>
            <input id="key-name" name="name" required maxlength={100} />
          </div>
          <div>
            <label for="key-scope">Scope</label>
            <select id="key-scope" name="scope">
              <option value="read">read: view only</option>
              <option value="write">write: also stage, outcomes, import</option>
              <option value="admin">admin: everything</option>
            </select>
          </div>
          <button type="submit">Create key</button>
        </form>
      </section>
    </>
  )
}
