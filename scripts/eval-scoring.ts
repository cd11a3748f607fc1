/**
 * Offline evaluation of scoring quality on a historical lead file:
 *   npm run eval:scoring -- --csv FILE [--seed N]    (e.g. the X Education Leads.csv, see docs/scoring-quality.md)
 * Each row becomes the events and profile the snippet would have produced (worker/calibration/leads-csv.ts);
 * every lead is scored with DEFAULT_MODEL plus the lead-file rules (occupation, do-not-email: the file has
 * those columns; worker/calibration/lead-file-rules.ts) and with a model calibrated on a fixed 70% split (seed 42), and
 * both are measured by ROC AUC on the other 30%. The last stdout line is one JSON object:
 *   {"n":…,"default":{"auc":…},"calibrated":{"auc":…}}
 * `--references` also fits logistic regressions on the file's raw columns (same split), to show what is
 * lost by seeing leads the way the snippet does, and what the sales-side columns would add.
 */
import { readFileSync } from 'node:fs'
import { calibrate, type Sample, TooFewOutcomesError } from '../worker/calibration/calibrate'
import { withLeadFileRules } from '../worker/calibration/lead-file-rules'
import { columns } from '../worker/calibration/columns'
import { parseCsvRecords } from '../worker/calibration/csv'
import { rowToLead } from '../worker/calibration/leads-csv'
import { fitLogistic } from '../worker/calibration/logistic'
import { rocAuc } from '../worker/calibration/metrics'
import { splitIndices } from '../worker/calibration/random'
import { DEFAULT_MODEL } from '../worker/scoring/default-model'
import { scoreHistory } from '../worker/scoring/engine'
import { argValue, leadFileArg, SPLIT } from './lib/lead-file'

/** A fixed "now": the run is reproducible, and the synthesised visits sit in the four weeks before it. */
const NOW = Date.UTC(2026, 0, 1)
/** The file has occupation and do-not-email columns, so the rules on them are part of what is evaluated. */
const MODEL = withLeadFileRules(DEFAULT_MODEL)
const { holdout: HOLDOUT } = SPLIT
/** `--seed N` splits differently, to see how much of a difference between models is the split's. */
const SEED = Number(argValue('--seed') ?? SPLIT.seed)
if (!Number.isInteger(SEED)) {
  console.error('eval:scoring: --seed takes an integer')
  process.exit(2)
}

const csvPath = leadFileArg('eval:scoring', 'usage: npm run eval:scoring -- --csv FILE [--references]')
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
  const { proposed, report } = calibrate({ samples, model: MODEL, now: NOW, seed: SEED, holdout: HOLDOUT })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)

  // Reference point: engaged time alone, on the same hold-out.
  const { test } = splitIndices(samples.length, HOLDOUT, SEED)
  const engaged = test.map((i) => samples[i].events.reduce((s, e) => s + (e.type === 'engaged' ? (e.seconds ?? 0) : 0), 0))
  const won = test.map((i) => samples[i].outcome === 'won')
  const timeAuc = rocAuc(engaged, won)
  // The default model alone, as it scores live leads (no lead-file rules): see npm run eval:live.
  const liveAuc = rocAuc(test.map((i) => scoreHistory({ events: samples[i].events, profile: samples[i].profile, model: DEFAULT_MODEL, now: NOW }).score), won)

  console.log(`file       ${csvPath}`)
  console.log(`leads      ${records.length} rows, ${report.n} with an outcome (${report.won} won, ${report.lost} lost)`)
  console.log(`split      ${report.train.n} train / ${report.holdout.n} hold-out (seed ${SEED}); calibration took ${seconds} s`)
  console.log('')
  console.log('hold-out ROC AUC')
  console.log(`  engaged time alone (reference)   ${fmt(timeAuc)}`)
  console.log(`  default model, live rules only   ${fmt(liveAuc)}`)
  console.log(`  default + lead-file rules        ${fmt(report.holdout.current.auc)}`)
  console.log(`  calibrated model                 ${fmt(report.holdout.proposed.auc)}`)
  if (process.argv.includes('--references')) {
    for (const [label, auc] of rawReferences(records, SEED, HOLDOUT)) console.log(`  ${label.padEnd(32)} ${fmt(auc)}`)
  }
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
  for (const c of report.changes.slice(0, 12)) console.log(`  ${c.rule.padEnd(48)} ${String(c.from).padStart(6)} → ${c.to}`)
  if (report.contradicted.length) console.log(`set to 0 (the data wanted the opposite sign): ${report.contradicted.join(', ')}`)
  console.log(JSON.stringify({ n: report.n, default: { auc: round4(report.holdout.current.auc) }, calibrated: { auc: round4(report.holdout.proposed.auc) } }))
} catch (e) {
  if (!(e instanceof TooFewOutcomesError)) throw e
  console.error(e.message)
  console.log(JSON.stringify({ n: samples.length, default: { auc: null }, calibrated: { auc: null }, error: 'too-few-outcomes', needWon: e.needWon, needLost: e.needLost }))
  process.exitCode = 2
}

/**
 * Logistic regressions on raw columns (numbers as they are, categories one-hot), for the quality table in
 * docs/scoring-quality.md: they bypass the snippet's view of a lead, so they bound what it could reach.
 */
function rawReferences(rows: Record<string, string>[], seed: number, holdout: number): [string, number][] {
  const WEB_ACTIVITY = /^(page visited on website|form submitted on website|converted to lead|olark chat conversation|email link clicked|unsubscribed)$/i
  const numeric = ['TotalVisits', 'Total Time Spent on Website', 'Page Views Per Visit']
  const behaviour = ['Lead Origin', 'Lead Source', 'A free copy of Mastering The Interview']
  const fit = ['What is your current occupation', 'Specialization', 'Country', 'City', 'How did you hear about X Education', 'What matters most to you in choosing a course', 'Do Not Email']
  const labelled = rows.filter((r) => columns(r).flag('Converted') !== undefined)
  const y = labelled.map((r) => columns(r).flag('Converted') === true)
  const { train, test } = splitIndices(labelled.length, holdout, seed)
  // steps in the numbers instead of the numbers: how much a regression gains from not being linear in them
  const STEPS: [string, number[]][] = [
    ['Total Time Spent on Website', [60, 300, 600, 900, 1200, 1500]],
    ['TotalVisits', [1, 2, 3, 5, 8]],
    ['Page Views Per Visit', [1, 2, 3, 4, 6]],
  ]
  const run = (cats: string[], activity: 'none' | 'web' | 'all', steps = false): number => {
    const value = (r: Record<string, string>, c: string) => {
      const v = (r[c] ?? '').trim()
      return c === 'Last Activity' && activity === 'web' && !WEB_ACTIVITY.test(v) ? '' : v
    }
    const cols = activity === 'none' ? cats : [...cats, 'Last Activity']
    const levels = cols.map((c) => [...new Set(train.map((i) => value(labelled[i], c)))])
    const row = (r: Record<string, string>) => [
      ...(steps
        ? STEPS.flatMap(([c, at]) => at.map((t) => ((columns(r).number(c) ?? 0) >= t ? 1 : 0)))
        : numeric.map((c) => columns(r).number(c) ?? 0)),
      ...cols.flatMap((c, k) => levels[k].map((l) => (value(r, c) === l ? 1 : 0))),
    ]
    const fitted = fitLogistic(train.map((i) => row(labelled[i])), train.map((i) => y[i]))
    const score = (r: Record<string, string>) => row(r).reduce((s, v, j) => s + v * fitted.coef[j], fitted.intercept)
    return rocAuc(test.map((i) => score(labelled[i])), test.map((i) => y[i]))
  }
  return [
    ['raw LR: web behaviour', run(behaviour, 'web')],
    ['raw LR: web behaviour + fit', run([...behaviour, ...fit], 'web')],
    ['raw LR: the same, numbers in steps', run([...behaviour, ...fit], 'web', true)],
    ['raw LR: + sales-side activity', run([...behaviour, ...fit], 'all')],
  ]
}
