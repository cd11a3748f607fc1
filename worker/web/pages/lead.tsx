/** One lead: who, scores, the chart, every reason, actions, timeline, stage history and alerts. */
import type { LeadDetail } from '../../db/lead-detail'
import type { ScoreSeries } from '../../scoring/series'
import { ScoreChart } from '../chart'
import { ago, signed, utc } from '../vm/format'
import { StageBadge } from './leads'

export interface LeadPageProps {
  lead: LeadDetail
  series: ScoreSeries
  now: number
  /** what the viewer may do here */
  allowed: { sales: boolean; erase: boolean }
  /** opened from an alert's link (read-only, no navigation) */
  viaLink: boolean
  notice?: string
}

const describe = (t: { type: string; path?: string; name?: string; seconds?: number }) =>
  [t.type.replace('_', ' '), t.name ?? t.path, t.seconds ? `${t.seconds}s` : null].filter(Boolean).join(' · ')

function Actions({ lead, allowed }: { lead: LeadDetail; allowed: LeadPageProps['allowed'] }) {
  const base = `/app/leads/${encodeURIComponent(lead.id)}`
  const button = (field: 'stage' | 'outcome', value: string, label: string, cls?: string) => (
    <form method="post" action={`${base}/${field}`}>
      <input type="hidden" name={field} value={value} />
      <button type="submit" class={cls} disabled={(field === 'stage' ? lead.stage : lead.outcome) === value}>
        {label}
      </button>
    </form>
  )
  return (
    <section class="card" aria-labelledby="actions-h">
      <h2 id="actions-h">Actions</h2>
      {allowed.sales ? (
        <div class="actions">
          {button('stage', 'accepted', 'Accept')}
          {button('stage', 'disqualified', 'Disqualify', 'secondary')}
          {button('outcome', 'won', 'Mark won', 'secondary')}
          {button('outcome', 'lost', 'Mark lost', 'secondary')}
        </div>
      ) : null}
      {allowed.erase ? (
        <form method="post" action={`${base}/erase`} class="small">
          <p>
            <input type="checkbox" id="erase-confirm" name="confirm" value="yes" required />{' '}
            <label for="erase-confirm">
              Erase every record of this person (cannot be undone)
            </label>
          </p>
          <button type="submit" class="danger">
            Erase lead
          </button>
        </form>
      ) : null}
    </section>
  )
}

export function LeadPage({ lead, series, now, allowed, viaLink, notice }: LeadPageProps) {
  return (
    <>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      {viaLink ? <p class="small muted">Opened from an alert link: this page only, read-only.</p> : null}
      <h1>
        {lead.name ?? lead.email} <StageBadge stage={lead.stage} />
        {lead.outcome ? <span class="stage"> {lead.outcome}</span> : null}
      </h1>
      <section class="card" aria-label="Profile">
        <p>
          <a href={`mailto:${lead.email}`}>{lead.email}</a>
          {lead.title ? ` · ${lead.title}` : ''}
          {lead.company ? ` · ${lead.company}` : ''}
          {lead.accountDomain ? <span class="muted"> · account {lead.accountDomain}</span> : null}
        </p>
        <div class="kpis">
          <div class="kpi">
            <span class="small muted">Score now</span>
            <b data-score-now>{lead.score}</b>
          </div>
          <div class="kpi">
            <span class="small muted">Engagement</span>
            <b>{lead.engagementScore}</b>
          </div>
          <div class="kpi">
            <span class="small muted">Fit</span>
            <b>{lead.fitScore}</b>
          </div>
          <div class="kpi">
            <span class="small muted">Grade</span>
            <b>{lead.grade}</b>
          </div>
        </div>
        <p class="small muted">
          First seen {utc(lead.firstSeenAt)} · last seen {ago(lead.lastSeenAt, now)}
          {lead.mqlAt ? ` · MQL ${utc(lead.mqlAt)}` : ''}
          {lead.sqlAt ? ` · SQL ${utc(lead.sqlAt)}` : ''}
        </p>
      </section>
      <section class="card chart" aria-labelledby="chart-h">
        <h2 id="chart-h">Score over time</h2>
        <ScoreChart series={series} now={now} />
        <p class="small muted">Dashed lines: the MQL and SQL thresholds. Dots: the events that moved the score (filled: up).</p>
      </section>
      {viaLink ? null : <Actions lead={lead} allowed={allowed} />}
      <div class="grid">
        <section class="card" aria-labelledby="why-h">
          <h2 id="why-h">Why this score</h2>
          <table>
            <thead>
              <tr>
                <th>Reason</th>
                <th class="num">Now</th>
                <th class="num">Earned</th>
              </tr>
            </thead>
            <tbody>
              {lead.breakdown.map((b) => (
                <tr>
                  <td>
                    {b.rule}
                    {typeof b.detail === 'string' ? <div class="small muted">{b.detail}</div> : null}
                  </td>
                  <td class="num">{signed(b.points)}</td>
                  <td class="num small muted">{typeof b.rawPoints === 'number' ? signed(b.rawPoints) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section class="card" aria-labelledby="tl-h">
          <h2 id="tl-h">Timeline</h2>
          <ol class="small">
            {lead.timeline.map((t) => (
              <li>
                <span class="muted">{utc(t.at)}</span> {describe(t)}
              </li>
            ))}
          </ol>
        </section>
      </div>
      <div class="grid">
        <section class="card" aria-labelledby="st-h">
          <h2 id="st-h">Stage history</h2>
          {lead.transitions.length === 0 ? <p class="muted small">No stage changes yet.</p> : null}
          <ul class="small">
            {lead.transitions.map((t) => (
              <li>
                {utc(t.at)}: {t.from} → <b>{t.to}</b> by {t.source}
                {t.reason ? <span class="muted"> ({t.reason})</span> : null}
              </li>
            ))}
          </ul>
        </section>
        <section class="card" aria-labelledby="al-h">
          <h2 id="al-h">Alerts</h2>
          {lead.alerts.length === 0 ? <p class="muted small">No alerts.</p> : null}
          <ul class="small">
            {lead.alerts.map((a) => (
              <li>
                {utc(a.at)}: {a.channel} <b>{a.status}</b>
                {typeof a.stage === 'string' ? ` (${a.stage.toUpperCase()})` : ''}
                {typeof a.lastError === 'string' ? <span class="muted"> · {a.lastError}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  )
}
