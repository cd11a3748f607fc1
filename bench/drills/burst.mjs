// Drill: hand-raise bursts — a person with 12 tabs open requests a demo in each at once (same visitor
// id, 12 concurrent requests). Each person must be alerted exactly once.
import { handRaise, messagesFor, sendBatch, sleep } from './common.mjs'

const RETRYABLE = new Set([0, 409, 429, 503])

/**
 * Runs `bursts` bursts of `tabs` concurrent requests against a site alerting to `receiver`. Returns
 * { alerts (messages received for these people), bursts, failed (requests never answered 202) }.
 * @example
 * const b = await burstDrill({ base: w.url, siteKey, receiver: rx, bursts: 100, tabs: 12 })
 */
export async function burstDrill({ base, siteKey, receiver, bursts = 100, tabs = 12, waitMs = 20_000 }) {
  const emails = []
  let failed = 0
  for (let b = 0; b < bursts; b++) {
    const vid = `burst-${b}`
    const email = `burst${b}@burstco${b}.io`
    emails.push(email)
    const tab = async (t) => {
      // as the snippet does: a tab whose send failed retries it a few times
      for (let attempt = 0; attempt < 5; attempt++) {
        const r = await sendBatch(base, siteKey, vid, handRaise(email, Date.now(), `t${t}`))
        if (r.status === 202) return true
        if (!RETRYABLE.has(r.status)) return false
        await sleep(100 * 2 ** attempt)
      }
      return false
    }
    const ok = await Promise.all(Array.from({ length: tabs }, (_, t) => tab(t)))
    failed += ok.filter((x) => !x).length
  }
  const deadline = Date.now() + waitMs
  while (Date.now() < deadline && emails.some((e) => messagesFor(receiver, e) === 0)) await sleep(500)
  await sleep(1_000) // room for a duplicate to show up
  const alerts = emails.reduce((a, e) => a + messagesFor(receiver, e), 0)
  return { alerts, bursts, tabs, failed, missing: emails.filter((e) => messagesFor(receiver, e) === 0).length }
}
