/**
 * The funnel page: the numbers `GET /api/v1/funnel` answers for the same window, as a bar chart of the
 * steps and tables (the tables carry every number, so the chart is never the only way to read one).
 */
import { scaleLinear } from 'd3-scale'
import type { Funnel } from '../../db/funnel'
import { hours, pct } from '../vm/funnel'

type Form = { since: string; until: string }

/** The steps of the funnel, each with the rate that leads into it. */
function steps(f: Funnel) {
  const r = f.reached
  return [
    { key: 'known', label: 'Known', count: r.known, rate: null, from: '' },
    { key: 'mql', label: 'MQL', count: r.mql, rate: f.conversion.knownToMql, from: 'known' },
    { key: 'sql', label: 'SQL', count: r.sql, rate: f.conversion.mqlToSql, from: 'MQL' },
    { key: 'accepted', label: 'Accepted', count: r.accepted, rate: f.conversion.sqlToAccepted, from: 'SQL' },
    { key: 'won', label: 'Won', count: r.won, rate: f.conversion.acceptedToWon, from: 'accepted' },
  ]
}

// narrow, so its text stays readable when a phone scales it down
const W = 440
const ROW = 34
const LABEL = 80

function FunnelChart({ f }: { f: Funnel }) {
  const s = steps(f)
  const x = scaleLinear()
    .domain([0, Math.max(1, ...s.map((d) => d.count))])
    .range([0, W - LABEL - 160])
  const h = s.length * ROW + 8
  return (
    <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-labelledby="funnel-chart-title" font-family="system-ui, sans-serif" font-size="14">
      <title id="funnel-chart-title">{s.map((d) => `${d.label} ${d.count}${d.rate === null ? '' : ` (${pct(d.rate)} of ${d.from})`}`).join(', ')}</title>
      {s.map((d, i) => (
        <g transform={`translate(0 ${i * ROW + 4})`} data-step={d.key}>
          <text x={LABEL - 8} y={ROW / 2 + 4} text-anchor="end" fill="#16202a">
            {d.label}
          </text>
          <rect x={LABEL} y={4} height={ROW - 10} width={Math.max(1, x(d.count))} fill={d.key === 'won' ? '#17703a' : d.key === 'sql' ? '#b3261e' : d.key === 'mql' ? '#a35a00' : '#0b5cad'} />
          <text x={LABEL + Math.max(1, x(d.count)) + 6} y={ROW / 2 + 4} fill="#16202a">
            {d.rate === null ? String(d.count) : `${d.count} · ${pct(d.rate)} of ${d.from}`}
          </text>
        </g>
      ))}
    </svg>
  )
}

type Cell = string | number | { text: string; attrs: Record<string, string> }

/** A captioned table of one header column and numeric columns: every table of the page. */
function NumTable({ id, caption, cols, rows }: { id: string; caption: string; cols?: string[]; rows: { head: string; cells: Cell[]; attrs?: Record<string, string> }[] }) {
  return (
    <div class="scroll">
      <table id={id}>
        <caption>{caption}</caption>
        {cols ? (
          <thead>
            <tr>
              {cols.map((c, i) => (
                <th scope="col" class={i === 0 ? undefined : 'num'}>
                  {c}
                </th>
              ))}
            </tr>
          </thead>
        ) : null}
        <tbody>
          {rows.map((row) => (
            <tr {...row.attrs}>
              <th scope="row">{row.head}</th>
              {row.cells.map((c) =>
                typeof c === 'object' ? (
                  <td class="num" {...c.attrs}>
                    {c.text}
                  </td>
                ) : (
                  <td class="num">{c}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function RangeForm({ form }: { form: Form }) {
  return (
    <form class="filters" method="get" action="/app/funnel">
      <div>
        <label for="f-since">First seen from</label>
        <input id="f-since" name="since" type="date" value={form.since} required />
      </div>
      <div>
        <label for="f-until">to (included)</label>
        <input id="f-until" name="until" type="date" value={form.until} required />
      </div>
      <button type="submit">Show</button>
    </form>
  )
}

export function FunnelError({ form, error }: { form: Form; error: string }) {
  return (
    <>
      <h1>Funnel</h1>
      <RangeForm form={form} />
      <p class="error" role="alert">
        {error}
      </p>
    </>
  )
}

export function FunnelPage({ f, form }: { f: Funnel; form: Form }) {
  const r = f.reached
  return (
    <>
      <h1>Funnel</h1>
      <RangeForm form={form} />
      <p class="small muted" id="funnel-range">
        Leads first seen from {form.since} to {form.until} (UTC days, both included): <b>{r.known}</b> leads.
      </p>
      {r.known === 0 ? <p class="muted">No leads were first seen in this range.</p> : null}

      <h2 id="conversion-h">Conversion</h2>
      <div class="grid">
        <div class="chart card">
          <FunnelChart f={f} />
        </div>
        <NumTable
          id="conversion"
          caption="Each step over the one before it"
          cols={['Step', 'Rate']}
          rows={steps(f)
            .slice(1)
            .map((d) => ({ head: `${d.from} → ${d.label}`, cells: [pct(d.rate)], attrs: { 'data-step': d.key } }))}
        />
      </div>

      <h2 id="stages-h">Stages reached</h2>
      <NumTable
        id="reached"
        caption="Leads of the range that ever reached each stage"
        cols={['Stage', 'Leads']}
        rows={(Object.keys(r) as (keyof typeof r)[]).map((k) => ({ head: k, cells: [r[k]], attrs: { 'data-stage': k } }))}
      />

      <h2 id="handoff-h">Handoff to sales</h2>
      <NumTable
        id="handoff"
        caption="How fast sales accept SQLs: the median time from their alert to the first acceptance, and the leads that waited past the site's SLA"
        rows={[
          { head: 'Median time to accept', cells: [{ text: hours(f.medianHoursToAccept), attrs: { 'data-hours': f.medianHoursToAccept === null ? '' : String(f.medianHoursToAccept) } }] },
          { head: 'SLA breaches', cells: [f.slaBreaches] },
        ]}
      />

      <h2 id="reasons-h">Why leads were disqualified</h2>
      {f.disqualificationReasons.length === 0 ? (
        <p class="muted">No lead of this range was disqualified.</p>
      ) : (
        <NumTable
          id="reasons"
          caption="Disqualifications by reason, most frequent first"
          cols={['Reason', 'Leads']}
          rows={f.disqualificationReasons.map((d) => ({ head: d.reason, cells: [d.count] }))}
        />
      )}

      <h2 id="bands-h">Win rate by score band</h2>
      <NumTable
        id="bands"
        caption="Won over won and lost, by the lead's score: higher bands should win more often"
        cols={['Score', 'With an outcome', 'Won', 'Win rate']}
        rows={f.winRateByScoreBand.map((b) => ({ head: b.band, cells: [b.withOutcome, b.won, pct(b.winRate)], attrs: { 'data-band': b.band } }))}
      />
    </>
  )
}
