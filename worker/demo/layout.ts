/**
 * The demo site's page frame: the tag (site key "demo", ingest on this same Worker), a nav, and a
 * "your lead" panel that reads the visitor's lead through the marketer API with the local demo key.
 */

/** The local demo site's API key, seeded by `npm run dev` (scripts/lib.mjs); local only. */
export const DEMO_API_KEY = 'lb_demo_local_key'

const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`)

// The panel remembers the email typed in the demo form (sessionStorage, this demo only) and asks the
// API for that lead: score, stage, company, title and the newest timeline entries.
const PANEL_JS = `
const key = ${JSON.stringify(DEMO_API_KEY)}, out = document.getElementById('lead')
const email = sessionStorage.getItem('demo_email')
async function show() {
  if (!email) { out.textContent = 'Fill the form on the contact page to become a lead.'; return }
  const h = { Authorization: 'Bearer ' + key }
  const list = await fetch('/api/v1/leads?email=' + encodeURIComponent(email), { headers: h }).then(r => r.json())
  const lead = list.data && list.data[0]
  if (!lead) { out.textContent = 'No lead for ' + email + ' yet (events are sent within a second).'; return }
  const d = await fetch('/api/v1/leads/' + lead.id, { headers: h }).then(r => r.json())
  out.textContent = JSON.stringify({ email: d.email, company: d.company, title: d.title, score: d.score,
    grade: d.grade, stage: d.stage, breakdown: d.breakdown, timeline: (d.timeline || []).slice(0, 10) }, null, 2)
}
document.getElementById('refresh').onclick = show
show()
document.addEventListener('submit', e => {
  const f = e.target.querySelector('[type=email]')
  if (f && f.value) sessionStorage.setItem('demo_email', f.value.trim().toLowerCase())
}, true)
`

/**
 * A demo page with the tag, the nav and the lead panel around `body`.
 * @example
 * c.html(page('Pricing', '<h1>Pricing</h1>'))
 */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · Leadbeacon demo</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:860px;margin:2rem auto;padding:0 1rem}
nav a{margin-right:1rem}pre{background:#f4f4f4;padding:1rem;overflow:auto;max-height:28rem}
label{display:block;margin:.4rem 0}input,textarea{font:inherit}</style>
<script>window.leadbeacon=window.leadbeacon||function(){(leadbeacon.q=leadbeacon.q||[]).push(arguments)}</script>
<script defer src="/s.js" data-site="demo"></script></head><body>
<nav><a href="/demo">Home</a><a href="/demo/pricing">Pricing</a><a href="/demo/whitepaper.pdf">Whitepaper (PDF)</a>
<a href="/demo/app">Product tour (SPA)</a><a href="/demo/contact">Contact sales</a></nav>
${body}
<h2>Your lead</h2><p><button id="refresh">Refresh</button></p><pre id="lead"></pre>
<script>${PANEL_JS}</script></body></html>`
}
