/**
 * The pages an alert email's one-click answer opens: the confirm form (GET), and what happened (POST).
 * No script needed; every control is labelled, and results are announced (role="status" / "alert").
 */
import { DISQUALIFY_REASONS, type LeadStage } from '../../../schema/lead-values'
import type { EmailAction } from '../../handoff'

/** The lead as these pages show it. */
export interface HandoffLeadView {
  name: string | null
  email: string
  company: string | null
  stage: LeadStage
  score: number
}

export const VERB: Record<EmailAction, string> = { accept: 'Accept', disqualify: 'Disqualify', recycle: 'Recycle' }
const HINT: Record<EmailAction, string> = {
  accept: 'Sales takes this lead on.',
  disqualify: 'Not a lead for sales now; pick why.',
  recycle: 'Back to marketing to nurture; it can qualify again later.',
}

function Who({ lead }: { lead: HandoffLeadView }) {
  return (
    <p>
      <strong>{lead.name || lead.email}</strong>
      {lead.name ? <> · {lead.email}</> : null}
      {lead.company ? <> · {lead.company}</> : null}
      <br />
      <span class={`stage stage-${lead.stage}`}>{lead.stage}</span> <span class="muted">score {Math.round(lead.score)}</span>
    </p>
  )
}

/** The confirm form: nothing changes until it is sent. */
export function HandoffConfirm({ action, lead, formUrl, error }: { action: EmailAction; lead: HandoffLeadView; formUrl: string; error?: string }) {
  return (
    <div class="card">
      <h1>{VERB[action]} this lead?</h1>
      <Who lead={lead} />
      <p class="muted">{HINT[action]} Nothing changes until you press the button.</p>
      {error ? (
        <p class="error" role="alert" id="handoff-error">
          {error}
        </p>
      ) : null}
      <form method="post" action={formUrl}>
        {action === 'disqualify' ? (
          <fieldset aria-describedby={error ? 'handoff-error' : undefined}>
            <legend>Why?</legend>
            {DISQUALIFY_REASONS.map((r, i) => (
              <label class="inline" style="display:block">
                <input type="radio" name="reason" value={r} required id={`reason-${i}`} /> {r}
              </label>
            ))}
          </fieldset>
        ) : null}
        {action === 'recycle' ? (
          <p>
            <label for="note">Why (optional)</label>
            <input id="note" name="note" maxlength={200} size={40} />
          </p>
        ) : null}
        <p>
          <button type="submit">{VERB[action]}</button>
        </p>
      </form>
    </div>
  )
}

/** The result: done, already done by someone, or nothing to do; `role="status"` announces it. */
export function HandoffResult({ heading, message, lead }: { heading: string; message: string; lead?: HandoffLeadView }) {
  return (
    <div class="card">
      <h1>{heading}</h1>
      {lead ? <Who lead={lead} /> : null}
      <p class="notice" role="status">
        {message}
      </p>
      <p class="muted">You can close this page.</p>
    </div>
  )
}
