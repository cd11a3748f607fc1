/**
 * Offline evaluation of scoring quality on a historical lead file (issue 7):
 *   npm run eval:scoring -- --csv PATH     (default: ../shared/data/x-education/Leads.csv)
 * Each row becomes the events and profile the snippet would have produced (worker/calibration/leads-csv.ts);
 * every lead is scored with DEFAULT_MODEL and with a model calibrated on a fixed 70% split (seed 42), and
 * both are measured by ROC AUC on the other 30%. The last stdout line is one JSON object:
 *   {"n":…,"default":{"auc":…},"calibrated":{"auc":…}}
 */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { calibrate, type Sample, TooFewOutcomesError } from '../worker/calibration/calibrate'
import { parseCsvRecords } from '../worker/calibration/csv'
import { rowToLead } from '../worker/calibration/leads-csv'
import { rocAuc } from '../worker/calibration/metrics'
import { splitIndices } from '../worker/calibration/random'
import { DEFAULT_MODEL } from '../worker/scoring/default-model'

/** A fixed "now": the run is reproducible, and the synthesised visits sit in the four weeks before it. */
const NOW = Date.UTC(2026, 0, 1)
const SEED = 42
const HOLDOUT = 0.3

function argValue(flag: string): string | undefined {
  const args = process.argv.slice(2)
  const i = args.indexOf(flag)
  if (i >= 0) return args[i + 1]
  return args.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1)
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const csvPath = resolve(root, argValue('--csv') ?? '../shared/data/x-education/Leads.csv')
const records = parseCsvRecords(readFileSync(csvPath, 'utf8'))
const samples: Sample[] = []
records.forEach((row, index) => {
  const lead = rowToLead(row, { now: NOW, index })
  if (lead.outcome) samples.push({ events: lead.events, profile: lead.profile, outcome: lead.outcome })
})

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a')
const pct = (x: number) => `${(100 * x).toFixed(1)}%`
const round4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : null)

try {
  const started = performance.now()
  const { proposed, report } = calibrate({ samples, model: DEFAULT_MODEL, now: NOW, seed: SEED, holdout: HOLDOUT })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)

  // Reference point: engaged time alone, on the same hold-out.
  const { test } = splitIndices(samples.length, HOLDOUT, SEED)
  const engaged = test.map((i) => samples[i].events.reduce((s, e) => s + (e.type === 'engaged' ? (e.seconds ?? 0) : 0), 0))
  const timeAuc = rocAuc(engaged, test.map((i) => samples[i].outcome === 'won'))

  console.log(`file       ${csvPath}`)
  console.log(`leads      ${records.length} rows, ${report.n} with an outcome (${report.won} won, ${report.lost} lost)`)
  console.log(`split      ${report.train.n} train / ${report.holdout.n} hold-out (seed ${SEED}); calibration took ${seconds} s`)
  console.log('')
  console.log('hold-out ROC AUC')
  console.log(`  engaged time alone (reference)   ${fmt(timeAuc)}`)
  console.log(`  default model (untrained)        ${fmt(report.holdout.current.auc)}`)
  console.log(`  calibrated model                 ${fmt(report.holdout.proposed.auc)}`)
  console.log('')
  console.log(`calibrated thresholds: MQL ${proposed.thresholds.mql} (P(win) ${pct(report.mqlProbability)}), SQL ${proposed.thresholds.sql} (P(win) ${pct(report.sqlProbability)})`)
  const sqlConv = report.holdout.proposed.sqlConversion
  console.log(`hold-out leads at or above SQL: ${report.holdout.proposed.atOrAboveSql}, of which won ${sqlConv === null ? 'n/a' : pct(sqlConv)}`)
  console.log('')
  console.log('hold-out by calibrated score (quintiles)')
  console.log('  band           leads    won   conversion   lift')
  for (const b of report.bands) {
    console.log(`  ${b.label.padEnd(12)} ${String(b.n).padStart(7)} ${String(b.won).padStart(6)}   ${pct(b.conversion).padStart(10)}   ${b.lift.toFixed(2)}`)
  }
  console.log('')
  console.log('largest point changes')
  for (const c of report.changes.slice(0, 12)) console.log(`  ${c.rule.padEnd(40)} ${String(c.from).padStart(6)} → ${c.to}`)
  console.log(JSON.stringify({ n: report.n, default: { auc: round4(report.holdout.current.auc) }, calibrated: { auc: round4(report.holdout.proposed.auc) } }))
} catch (e) {
  if (!(e instanceof TooFewOutcomesError)) throw e
  console.error(e.message)
  console.log(JSON.stringify({ n: samples.length, default: { auc: null }, calibrated: { auc: null }, error: 'too-few-outcomes', needWon: e.needWon, needLost: e.needLost }))
  process.exitCode = 2
}
