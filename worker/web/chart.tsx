/**
 * The score-over-time chart as server-rendered SVG (no client script): d3-scale for the axes and
 * ticks, d3-shape for the line. Drawn in a fixed viewBox and scaled to the container's width, so on a
 * 390 px phone it is still the full card width (≥ 300 px). Every marker carries its time and score as
 * data attributes and a <title>, which is also what a screen reader gets. Two sizes are drawn and CSS
 * shows one: text in an SVG scales with it, so a wide chart squeezed onto a phone would have 5 px labels.
 */
import { scaleLinear, scaleUtc } from 'd3-scale'
import { line } from 'd3-shape'
import type { ScoreSeries } from '../scoring/series'
import { signed, utc } from './vm/format'

const SIZES = {
  wide: { W: 720, H: 300, ticks: 6 },
  narrow: { W: 360, H: 240, ticks: 3 },
} as const
const M = { top: 16, right: 44, bottom: 28, left: 40 }

export function ScoreChart({ series, now }: { series: ScoreSeries; now: number }) {
  if (series.points.length === 0) return <p class="muted">No scored events yet.</p>
  return (
    <>
      <Chart series={series} now={now} variant="wide" />
      <Chart series={series} now={now} variant="narrow" />
    </>
  )
}

function Chart({ series, now, variant }: { series: ScoreSeries; now: number; variant: keyof typeof SIZES }) {
  const { W, H, ticks } = SIZES[variant]
  const pts = series.points
  const id = `chart-title-${variant}`
  const t0 = pts[0].at
  const t1 = Math.max(now, pts.at(-1)!.at, t0 + 3_600_000)
  const top = Math.max(series.thresholds.sql * 1.15, ...pts.map((p) => p.score)) || 1
  const bottom = Math.min(0, ...pts.map((p) => p.score))
  const x = scaleUtc().domain([t0, t1]).range([M.left, W - M.right])
  const y = scaleLinear().domain([bottom, top]).nice().range([H - M.bottom, M.top])
  const path = line<{ at: number; score: number }>()
    .x((p) => x(p.at))
    .y((p) => y(p.score))(pts)
  const xt = x.ticks(ticks)
  const fmt = x.tickFormat(ticks)
  const yt = y.ticks(5)
  const threshold = (value: number, label: string, color: string) => (
    <g data-threshold={label}>
      <line x1={M.left} x2={W - M.right} y1={y(value)} y2={y(value)} stroke={color} stroke-dasharray="6 4" stroke-width="1.5" />
      <text x={W - M.right + 4} y={y(value) + 4} fill={color} font-size="12">
        {label}
      </text>
    </g>
  )
  const last = pts.at(-1)!
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-labelledby={id}
      class={variant}
      data-variant={variant}
      data-points={JSON.stringify(pts.map((p) => [p.at, p.score]))}
      font-family="system-ui, sans-serif"
    >
      <title id={id}>{`Score over time: ${last.score} now; MQL at ${series.thresholds.mql}, SQL at ${series.thresholds.sql}; ${series.markers.length} events moved it`}</title>
      <g class="axis" font-size="11" fill="#5a6775">
        {yt.map((v) => (
          <g>
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="#eef1f4" />
            <text x={M.left - 6} y={y(v) + 4} text-anchor="end">
              {String(v)}
            </text>
          </g>
        ))}
        {xt.map((d) => (
          <text x={x(d)} y={H - 8} text-anchor="middle">
            {fmt(d)}
          </text>
        ))}
      </g>
      {threshold(series.thresholds.mql, 'MQL', '#a35a00')}
      {threshold(series.thresholds.sql, 'SQL', '#b3261e')}
      <path d={path ?? ''} fill="none" stroke="#0b5cad" stroke-width="2.5" stroke-linejoin="round" />
      {series.markers.map((m) => (
        <circle
          cx={x(m.at)}
          cy={y(m.score)}
          r="4.5"
          fill={m.delta > 0 ? '#0b5cad' : '#fff'}
          stroke="#0b5cad"
          stroke-width="1.5"
          data-at={String(m.at)}
          data-score={String(m.score)}
          data-delta={String(m.delta)}
        >
          <title>{`${utc(m.at)}: ${signed(m.delta)} → ${m.score} (${m.rules.join(', ') || m.events.map((e) => e.path ?? e.name ?? e.type).join(', ')})`}</title>
        </circle>
      ))}
      <circle cx={x(last.at)} cy={y(last.score)} r="5" fill="#16202a" data-now={String(last.score)}>
        <title>{`now: ${last.score}`}</title>
      </circle>
    </svg>
  )
}
