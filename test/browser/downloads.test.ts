import { describe, expect, it } from 'vitest'
import { until } from './support/chromium'
import { plain } from './support/fake-ingest'
import { useHarness } from './support/harness'

const BODY = `
<a id="pdf" href="/files/guide.pdf?token=secret#page=2"><span>Guide</span></a>
<a id="attr" href="/export/report" download>Export</a>
<button id="mark" data-leadbeacon-download="/files/brochure">Brochure</button>
<a id="xlsx" href="https://cdn.example.com/sheets/prices.XLSX">Prices</a>
<a id="plain" href="/about">About</a>
<a id="data" href="data:text/csv;base64,ZW1haWwKYW5uQGFjbWUuaW8=" download="me.csv">My data</a>
<script>
  // the host stops clicks from reaching the document and keeps the page: the snippet still sees them
  document.addEventListener('click', (e) => { e.preventDefault(); e.stopPropagation() }, true)
</script>`

describe('downloads', () => {
  const h = useHarness()

  it('counts document links, download links and marked elements through one delegated listener', async () => {
    h.fake.page('/resources', { title: 'Resources', body: BODY })
    const o = await h.open('/resources')
    for (const id of ['pdf', 'attr', 'mark', 'xlsx', 'plain', 'data']) await o.page.click(`#${id}`)
    await o.tick()
    await until(() => h.fake.accepted().length >= 6, 'the batch')
    const site = h.fake.siteUrl
    expect(h.fake.accepted().map(plain)).toEqual([
      { t: 'pv', p: '/resources', ti: 'Resources' },
      { t: 'dl', p: '/resources', u: `${site}/files/guide.pdf` },
      { t: 'dl', p: '/resources', u: `${site}/export/report` },
      { t: 'dl', p: '/resources', u: `${site}/files/brochure` },
      { t: 'dl', p: '/resources', u: 'https://cdn.example.com/sheets/prices.XLSX' },
      // a data: URL is content: only its scheme is sent
      { t: 'dl', p: '/resources', u: 'data:' },
    ])
    expect(h.fake.requests.map((r) => r.batch?.e.length)).toEqual([6])
    expect(o.errors).toEqual([])
  })
})
