/** Hot leads: by score now, with filters; the table body refreshes itself from /app/leads/rows. */
import { LEAD_STAGES as STAGES } from '../../../schema/lead-values'
import { ago, SINCE } from '../vm/format'
import type { HotFilters, HotLeadRow } from '../vm/hot-leads'

/** How often the table polls for fresh rows (ms). */
export const POLL_MS = 15_000

export function StageBadge({ stage }: { stage: string }) {
  return <span class={`stage stage-${stage}`}>{stage.toUpperCase()}</span>
}

/** The rows alone: what the page embeds and what the refresh route answers. */
export function LeadRows({ rows, now }: { rows: HotLeadRow[]; now: number }) {
  if (rows.length === 0) {
    return (
      <tr>
        <td colspan={6} class="muted">
          No leads match yet. Leads appear here as soon as a visitor identifies (a form with an email, or an identify call).
        </td>
      </tr>
    )
  }
  return (
    <>
      {rows.map((r) => (
        <tr data-id={r.id} data-stage={r.stage} class={r.justSql ? 'just-sql' : undefined}>
          <td class="num">
            <b>{r.score}</b>
          </td>
          <td>
            <a href={`/app/leads/${encodeURIComponent(r.id)}`}>{r.name ?? r.email}</a>
            {r.name ? <div class="small muted">{r.email}</div> : null}
            {r.justSql ? <div class="small">just became SQL</div> : null}
          </td>
          <td>
            <StageBadge stage={r.stage} /> <span class="small">{r.grade}</span>
          </td>
          <td class="small hide-sm">{r.reasons.map((x) => `${x.rule} +${x.points}`).join(', ') || '—'}</td>
          <td class="small">{ago(r.lastSeenAt, now)}</td>
          <td class="small hide-sm">{r.account ? <a href={`/app/leads?domain=${encodeURIComponent(r.account)}`}>{r.account}</a> : (r.company ?? '—')}</td>
        </tr>
      ))}
    </>
  )
}

export function LeadsPage({ rows, f, now, next }: { rows: HotLeadRow[]; f: HotFilters; now: number; next: string | null }) {
  const q = f.query ? `?${f.query}` : ''
  return (
    <>
      <h1>Hot leads</h1>
      <form class="filters" method="get" action="/app/leads">
        <div>
          <label for="f-stage">Stage</label>
          <select id="f-stage" name="stage">
            <option value="">any</option>
            {STAGES.map((s) => (
              <option value={s} selected={f.form.stage === s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-since">Seen within</label>
          <select id="f-since" name="since">
            <option value="">any time</option>
            {Object.keys(SINCE).map((s) => (
              <option value={s} selected={f.form.since === s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-domain">Company domain</label>
          <input id="f-domain" name="domain" value={f.form.domain} placeholder="acme.com" size={14} />
        </div>
        <button type="submit">Filter</button>
      </form>
      <p class="small muted" aria-live="polite">
        Ordered by score now (it decays as days pass). <span id="refreshed">Refreshes every {POLL_MS / 1000} s.</span>
      </p>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th class="num">Score</th>
              <th>Lead</th>
              <th>Stage</th>
              <th class="hide-sm">Top reasons</th>
              <th>Last seen</th>
              <th class="hide-sm">Account</th>
            </tr>
          </thead>
          <tbody data-poll={`/app/leads/rows${q}`} data-every={String(POLL_MS)}>
            <LeadRows rows={rows} now={now} />
          </tbody>
        </table>
      </div>
      {next ? (
        <p>
          <a href={`/app/leads?${new URLSearchParams({ ...Object.fromEntries(new URLSearchParams(f.query)), cursor: next })}`}>Next page</a>
        </p>
      ) : null}
    </>
  )
}
