import { page } from './layout'

/** The demo's home: what to do, in order. */
export const HOME = page(
  'Home',
  `<h1>Leadbeacon demo</h1>
<p>This page carries the Leadbeacon tag (<code>data-site="demo"</code>). Walk the journey and watch your lead form:</p>
<ol><li>Open <a href="/demo/pricing">Pricing</a> three times.</li>
<li>Download the <a href="/demo/whitepaper.pdf">whitepaper</a>.</li>
<li>Take the <a href="/demo/app">product tour</a> (a single-page app step).</li>
<li>Fill the <a href="/demo/contact">contact form</a>: your email identifies you. The password and
the message never leave the page.</li>
<li>Press <em>Refresh</em> below: score, stage, reasons and timeline come from <code>GET /api/v1/leads</code>.</li></ol>`,
)

/** Pricing: the page the default model counts repeats of. */
export const PRICING = page(
  'Pricing',
  `<h1>Pricing</h1><p>Starter $0 · Pro $49 · Enterprise: talk to us.</p>
<p><a href="/demo/whitepaper.pdf">Download the pricing whitepaper (PDF)</a></p>`,
)

/** A single-page app: its steps change the URL with history.pushState only. */
export const APP = page(
  'Product tour',
  `<h1 id="step">Product tour: step 1</h1>
<p><button id="next">Next step</button> (changes the URL with <code>history.pushState</code>; no page load)</p>
<script>
document.getElementById('next').onclick = () => {
  const n = (history.state && history.state.n || 1) + 1
  history.pushState({ n }, '', '/demo/app/step-' + n)
  document.getElementById('step').textContent = 'Product tour: step ' + n
}
</script>`,
)

/** The form: email, company and job title go; the password and the free text never do. */
export const CONTACT = page(
  'Contact sales',
  `<h1>Contact sales</h1>
<form id="contact-sales" method="post" action="/demo/thanks">
<label>Work email <input type="email" name="email" required></label>
<label>Company <input name="company"></label>
<label>Job title <input name="job_title"></label>
<label>Choose a password <input type="password" name="password"></label>
<label>Message <textarea name="message" rows="3"></textarea></label>
<button>Send</button></form>`,
)

/** After the form: the lead panel below shows the result. */
export const THANKS = page(
  'Thanks',
  '<h1>Thanks!</h1><p>Press <em>Refresh</em> below in a second or two to see your lead.</p>',
)

/**
 * A minimal one-page PDF, so the download link serves a real document.
 * @example
 * new Response(WHITEPAPER_PDF, { headers: { 'Content-Type': 'application/pdf' } })
 */
export const WHITEPAPER_PDF = `%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj
4 0 obj<</Length 52>>stream
BT /F1 18 Tf 20 70 Td (Leadbeacon whitepaper) Tj ET
endstream endobj
5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj
trailer<</Root 1 0 R>>
%%EOF
`
