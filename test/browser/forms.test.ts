import { describe, expect, it } from 'vitest'
import { until } from './support/chromium'
import { plain } from './support/fake-ingest'
import { useHarness, waitForTag } from './support/harness'

/** Values that must never leave the page, whatever form they sit in. */
const SECRETS = ['hunter2', 'tok-123', '4111111111111111', '737', 'DE89370400440532013000', 's3cret-pass', 'call me at home']

const FORM = (method: string, action: string) => `
<form id="contact-sales" method="${method}" action="${action}">
  <input type="email" name="user_login" value=" Ann@Acme.io ">
  <input name="company_name" value="Acme GmbH">
  <input name="job_title" value="Head of Operations">
  <input type="number" name="employees" value="250">
  <select name="country"><option>US</option><option selected>DE</option></select>
  <input name="first_name" value="Ann">
  <input type="password" name="password" value="hunter2">
  <input type="hidden" name="csrf" value="tok-123">
  <input type="tel" name="number" autocomplete="cc-number" value="4111111111111111">
  <input name="cvc" value="737">
  <input name="iban" value="DE89370400440532013000">
  <input name="email_password" value="s3cret-pass">
  <input type="checkbox" name="newsletter" checked>
  <textarea name="message">call me at home</textarea>
  <button id="send">Send</button>
</form>`

const EXPECTED = {
  email: 'Ann@Acme.io',
  company: 'Acme GmbH',
  title: 'Head of Operations',
  companySize: '250',
  country: 'DE',
  firstName: 'Ann',
}

describe('form submits', () => {
  const h = useHarness()

  // what was sent, without the random ids and times (digits there could hold any short number)
  const raw = () => JSON.stringify(h.fake.batches().map((b) => b.e.map(plain)))

  it('sends the form id and allow-listed fields; never passwords, hidden, payment or free text', async () => {
    h.fake.page('/contact', {
      title: 'Contact',
      body: `${FORM('post', '/thanks')}<script>document.addEventListener('submit', (e) => e.preventDefault())</script>`,
    })
    const o = await h.open('/contact')
    await o.page.click('#send')
    await o.tick()
    await until(() => h.fake.accepted().length === 2, 'the page view and the form')
    expect(h.fake.accepted().map(plain)).toEqual([
      { t: 'pv', p: '/contact', ti: 'Contact' },
      { t: 'form', p: '/contact', f: 'contact-sales', d: EXPECTED },
    ])
    for (const s of SECRETS) expect(raw()).not.toContain(s)
    expect(o.errors).toEqual([])
  })

  it('survives a GET form: the next page carries every field in its URL, the page view carries none', async () => {
    h.fake.page('/contact', { title: 'Contact', body: FORM('get', '/thanks?utm_source=form') })
    h.fake.page('/thanks', { title: 'Thanks' })
    const o = await h.open('/contact')
    await o.page.click('#send')
    await o.page.waitForURL('**/thanks?**')
    expect(o.page.url()).toContain('hunter2') // the browser put the password in the URL…
    await waitForTag(o.page)
    await o.tick()
    await until(() => h.fake.accepted().some((e) => e.t === 'pv' && e.p.startsWith('/thanks')), 'the thanks page view')
    const events = h.fake.accepted().map(plain)
    // …the snippet does not: the form's own action keeps only utm_*, and so does the next page's path
    expect(events).toContainEqual({ t: 'form', p: '/contact', f: 'contact-sales', d: EXPECTED })
    expect(events).toContainEqual({ t: 'pv', p: '/thanks', ti: 'Thanks' })
    for (const s of SECRETS) expect(raw()).not.toContain(s)
    expect(o.errors).toEqual([])
  })

  it('names an unnamed form by its action path, and odd forms never throw into the page', async () => {
    h.fake.page('/odd', {
      title: 'Odd',
      body: `<form action="/demo-request?secret=1#x"><input name="email" value="bo@beta.io"></form>
<form id="weird"><input name="getAttribute" value="x"><input name="elements" value="y"><input name="email" value="cy@gamma.io"></form>
<script>document.addEventListener('submit', (e) => e.preventDefault())</script>`,
    })
    const o = await h.open('/odd')
    await o.page.evaluate(() => {
      for (const f of document.querySelectorAll('form')) f.requestSubmit()
    })
    await o.tick()
    await until(() => h.fake.accepted().length >= 2, 'the events')
    const forms = h.fake.accepted().filter((e) => e.t === 'form').map(plain)
    expect(forms[0]).toEqual({ t: 'form', p: '/odd', f: '/demo-request', d: { email: 'bo@beta.io' } })
    // a control named "getAttribute" shadows the method: that form is skipped, the page is untouched
    expect(forms).toHaveLength(1)
    expect(o.errors).toEqual([])
  })
})
