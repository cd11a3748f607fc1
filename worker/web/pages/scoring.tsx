/** The scoring page: the model in a textarea, its problems at their rules, a dry run, the distribution, calibration. */
import type { CalibrationReport } from '../../calibration/calibrate'
import type { StageChange } from '../../db/rescore-plan'
import { Distribution, RocChart } from '../small-charts'
import type { ModelProblem } from '../vm/model-errors'

export interface ScoringProps {
  text: string
  version: number
  isDefault: boolean
  canWrite: boolean
  scores: number[]
  thresholds: { mql: number; sql: number }
  problems?: ModelProblem[]
  dryRun?: { scanned: number; changed: number; leads: StageChange[] }
  notice?: string
  calibration?: CalibrationView
}

export type CalibrationView =
  | { ok: false; message: string }
  | { ok: 'running'; jobId: string; done: number; total: number }
  /** `jobId`: the report of a calibration job (applying it adopts that job's proposal) */
  | { ok: true; report: CalibrationReport; curves: { current: [number, number][]; proposed: [number, number][] }; jobId?: string }

function Problems({ problems }: { problems: ModelProblem[] }) {
  return (
    <div id="model-problems" role="alert">
      <p class="error">The model was not saved: {problems.length === 1 ? 'one problem' : `${problems.length} problems`}.</p>
      <ul>
        {problems.map((p) => (
          <li>
            <b>{p.where}</b>
            {p.line ? <span class="muted"> (line {p.line})</span> : null}: <span class="error">{p.message}</span>
            {p.rule ? <pre>{p.rule}</pre> : null}
          </li>
        ))}
      </ul>
    </div>
  )
}

function DryRun({ d }: { d: NonNullable<ScoringProps['dryRun']> }) {
  return (
    <section class="card" aria-labelledby="dry-h" id="dry-run">
      <h2 id="dry-h">Dry run</h2>
      <p>
        {d.scanned} leads rescored under this model: <b>{d.changed}</b> would change stage. Nothing was saved.
      </p>
      {d.leads.length ? (
        <table>
          <thead>
            <tr>
              <th>Lead</th>
              <th>From</th>
              <th>To</th>
            </tr>
          </thead>
          <tbody>
            {d.leads.map((l) => (
              <tr>
                <td>
                  <a href={`/app/leads/${encodeURIComponent(l.id)}`}>{l.email}</a>
                </td>
                <td>{l.from}</td>
                <td>
                  <b>{l.to}</b>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  )
}

function Calibration({ c, canWrite }: { c: CalibrationView; canWrite: boolean }) {
  if (c.ok === false) return <p class="error">{c.message}</p>
  if (c.ok === 'running') {
    return (
      <div id="calibration-progress" role="status">
        <p>
          Calibrating in the background: {c.done} of {c.total} labelled leads read
          {c.done >= c.total ? ', fitting' : ''}.
        </p>
        <label for="cal-progress">Progress</label> <progress id="cal-progress" max={c.total} value={c.done} />{' '}
        <a href={`/app/scoring?calibration=${c.jobId}`}>Check again</a>
      </div>
    )
  }
  const r = c.report
  return (
    <div id="calibration-report">
      <p>
        {r.n} outcomes ({r.won} won, {r.lost} lost); {r.holdout.n} held out. Ranking of the held-out leads (ROC AUC): current{' '}
        <b>{r.holdout.current.auc.toFixed(3)}</b>, proposed <b>{r.holdout.proposed.auc.toFixed(3)}</b>. At the SQL threshold the proposed model means a{' '}
        {Math.round(r.sqlProbability * 100)}% chance to win.
      </p>
      <div class="grid">
        <div>
          <RocChart
            curves={[
              { label: 'current', color: '#9aa6b2', points: c.curves.current, auc: r.holdout.current.auc },
              { label: 'proposed', color: '#0b5cad', points: c.curves.proposed, auc: r.holdout.proposed.auc },
            ]}
          />
          <p class="small muted">Grey: current model. Blue: proposed. Dashed: chance.</p>
        </div>
        <table>
          <thead>
            <tr>
              <th>Rule</th>
              <th class="num">Points now</th>
              <th class="num">Suggested</th>
            </tr>
          </thead>
          <tbody>
            {r.changes.slice(0, 15).map((ch) => (
              <tr>
                <td>{ch.rule}</td>
                <td class="num">{ch.from}</td>
                <td class="num">
                  <b>{ch.to}</b>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canWrite ? (
        <form method="post" action="/app/scoring/calibrate">
          <input type="hidden" name="apply" value="yes" />
          {c.jobId ? <input type="hidden" name="job" value={c.jobId} /> : null}
          <button type="submit">Apply the suggested points</button>
        </form>
      ) : null}
    </div>
  )
}

export function ScoringPage(p: ScoringProps) {
  return (
    <>
      <h1>Scoring</h1>
      {p.notice ? (
        <p class="notice" role="status">
          {p.notice}
        </p>
      ) : null}
      <section class="card" aria-labelledby="dist-h">
        <h2 id="dist-h">Scores now against the thresholds</h2>
        <Distribution scores={p.scores} mql={p.thresholds.mql} sql={p.thresholds.sql} />
      </section>
      {p.dryRun ? <DryRun d={p.dryRun} /> : null}
      <section class="card" aria-labelledby="model-h">
        <h2 id="model-h">The model</h2>
        <p class="small muted">
          {p.isDefault ? 'The built-in default model.' : `Version ${p.version}.`} Edit the JSON, then try it with a dry run (which leads would change stage) before saving: saving rescores every lead from its history.
        </p>
        {p.problems?.length ? <Problems problems={p.problems} /> : null}
        <form method="post" action="/app/scoring">
          <label for="model">Model (JSON)</label>
          <textarea id="model" name="model" class="code" spellcheck={false} readonly={!p.canWrite} aria-invalid={p.problems?.length ? 'true' : undefined} aria-describedby={p.problems?.length ? 'model-problems' : undefined}>
            {p.text}
          </textarea>
          {p.canWrite ? (
            <div class="actions">
              <button type="submit" name="do" value="dry-run">
                Dry run
              </button>
              <button type="submit" name="do" value="save" class="secondary">
                Save and rescore
              </button>
            </div>
          ) : null}
        </form>
      </section>
      <section class="card" aria-labelledby="cal-h">
        <h2 id="cal-h">Calibration</h2>
        <p class="small muted">Fit the points to the outcomes you recorded (won / lost); needs at least 50 of each.</p>
        {p.calibration ? (
          <Calibration c={p.calibration} canWrite={p.canWrite} />
        ) : !p.canWrite ? (
          <p class="small muted">Running and applying calibration needs an admin key.</p>
        ) : (
          <form method="post" action="/app/scoring/calibrate">
            <button type="submit" class="secondary">
              Run the calibration report
            </button>
          </form>
        )}
      </section>
    </>
  )
}
