/**
 * The scoring page's charts, server-rendered SVG with d3-scale/d3-shape: the distribution of lead scores
 * against the MQL and SQL thresholds, and the calibration's ROC curves.
 */
import { scaleLinear } from 'd3-scale'
import { line } from 'd3-shape'

const W = 640
const H = 220
const M = { top: 12, right: 16, bottom: 28, left: 40 }

export function Distribution({ scores, mql, sql }: { scores: number[]; mql: number; sql: number }) {
  if (scores.length === 0) return <p class="muted">No leads yet.</p>
  const hi = Math.max(sql * 1.2, ...scores)
  const lo = Math.min(0, ...scores)
  const x = scaleLinear().domain([lo, hi]).nice().range([M.left, W - M.right])
  const [d0, d1] = x.domain()
  const width = Math.max(5, Math.ceil((d1 - d0) / 30 / 5) * 5)
  const bins = new Map<number, number>()
  for (const s of scores) {
    const b = Math.floor(s / width) * width
    bins.set(b, (bins.get(b) ?? 0) + 1)
  }
  const y = scaleLinear().domain([0, Math.max(...bins.values())]).nice().range([H - M.bottom, M.top])
  const above = (t: number) => scores.filter((s) => s >= t).length
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="dist-title" font-family="system-ui, sans-serif" font-size="11">
      <title id="dist-title">{`${scores.length} leads: ${above(mql)} at or above MQL (${mql}), ${above(sql)} at or above SQL (${sql})`}</title>
      {y.ticks(4).map((v) => (
        <g>
          <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="#eef1f4" />
          <text x={M.left - 6} y={y(v) + 4} text-anchor="end" fill="#5a6775">
            {String(v)}
          </text>
        </g>
      ))}
      {[...bins].map(([b, n]) => (
        <rect x={x(b) + 1} width={Math.max(1, x(b + width) - x(b) - 2)} y={y(n)} height={y(0) - y(n)} fill={b >= sql ? '#d9534f' : b >= mql ? '#f0ad4e' : '#8fb3d9'} data-bin={String(b)} data-count={String(n)} />
      ))}
      {x.ticks(6).map((v) => (
        <text x={x(v)} y={H - 8} text-anchor="middle" fill="#5a6775">
          {String(v)}
        </text>
      ))}
      {[
        [mql, 'MQL', '#a35a00'],
        [sql, 'SQL', '#b3261e'],
      ].map(([t, label, color]) => (
        <g>
          <line x1={x(t as number)} x2={x(t as number)} y1={M.top} y2={H - M.bottom} stroke={color as string} stroke-dasharray="5 4" stroke-width="1.5" />
          <text x={x(t as number) + 4} y={M.top + 10} fill={color as string}>
            {`${label} ${t}`}
          </text>
        </g>
      ))}
    </svg>
  )
}

export function RocChart({ curves }: { curves: { label: string; color: string; points: [number, number][]; auc: number }[] }) {
  const S = 260
  const m = 32
  const x = scaleLinear().domain([0, 1]).range([m, S - 8])
  const y = scaleLinear().domain([0, 1]).range([S - m, 8])
  const path = line<[number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]))
  return (
    <svg viewBox={`0 0 ${S} ${S}`} role="img" aria-labelledby="roc-title" font-family="system-ui, sans-serif" font-size="10" class="roc">
      <title id="roc-title">{`ROC curves on the held-out leads: ${curves.map((c) => `${c.label} AUC ${c.auc.toFixed(3)}`).join(', ')}`}</title>
      <rect x={m} y={8} width={S - 8 - m} height={S - m - 8} fill="none" stroke="#dde2e8" />
      <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke="#9aa6b2" stroke-dasharray="4 4" />
      {[0, 0.5, 1].map((v) => (
        <>
          <text x={x(v)} y={S - m + 14} text-anchor="middle" fill="#5a6775">
            {String(v)}
          </text>
          <text x={m - 4} y={y(v) + 3} text-anchor="end" fill="#5a6775">
            {String(v)}
          </text>
        </>
      ))}
      <text x={(S + m) / 2} y={S - 4} text-anchor="middle" fill="#5a6775">
        false-positive rate
      </text>
      {curves.map((c) => (
        <path d={path(c.points) ?? ''} fill="none" stroke={c.color} stroke-width="2" data-auc={String(c.auc)} />
      ))}
    </svg>
  )
}
