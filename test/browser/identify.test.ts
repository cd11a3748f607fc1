import { describe, expect, it } from 'vitest'
import { PROFILE_FIELDS } from '../../snippet/types'
import { until } from './support/chromium'
import { plain } from './support/fake-ingest'
import { useHarness } from './support/harness'

describe('profile fields', () => {
  const h = useHarness()

  it('identify passes every profile field the Worker accepts, industry and website included, and drops the rest', async () => {
    h.fake.page('*', { title: 'P' })
    const o = await h.open('/p')
    const profile = Object.fromEntries(PROFILE_FIELDS.map((f) => [f, f === 'email' ? 'ann@acme.io' : `${f} of Ann`]))
    expect(profile).toMatchObject({ industry: 'industry of Ann', website: 'website of Ann' })
    await o.page.evaluate((p) => window.leadbeacon('identify', { ...p, password: 'hunter2', plan: 'pro' }), profile)
    await o.tick()
    await until(() => h.fake.accepted().length === 2, 'the identify')
    expect(h.fake.accepted().map(plain)).toEqual([
      { t: 'pv', p: '/p', ti: 'P' },
      { t: 'id', p: '/p', d: profile },
    ])
    expect(o.errors).toEqual([])
  })

  it('a form sends industry and website too, from names, autocomplete tokens and a url input', async () => {
    h.fake.page('/signup', {
      title: 'Sign up',
      body: `<form id="signup">
  <input type="email" name="work_email" value="bo@beta.io">
  <input name="f" autocomplete="given-name" value="Bo">
  <input name="l" autocomplete="family-name" value="Berg">
  <select name="industry"><option>Retail</option><option selected>Software</option></select>
  <input type="url" name="company_site" value="https://beta.io">
  <input type="url" name="callback" value="https://beta.io/private?token=1">
  <button id="send">Send</button>
</form><script>document.addEventListener('submit', (e) => e.preventDefault())</script>`,
    })
    const o = await h.open('/signup')
    await o.page.click('#send')
    await o.tick()
    await until(() => h.fake.accepted().length === 2, 'the form')
    expect(plain(h.fake.accepted()[1])).toEqual({
      t: 'form',
      p: '/signup',
      f: 'signup',
      // a url input holds a website: the first one wins, as for every field
      d: { email: 'bo@beta.io', firstName: 'Bo', lastName: 'Berg', industry: 'Software', website: 'https://beta.io' },
    })
    expect(o.errors).toEqual([])
  })
})
