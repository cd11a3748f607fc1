import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { refOf, urlOf } from '../../../snippet/src/url'

// urlOf's default base is the page's URL; the snippet only runs in pages
beforeAll(() => {
  Object.assign(globalThis, { location: new URL('https://acme.io/here?x=1') })
})

describe('page paths', () => {
  it('keep only utm_* parameters and drop the fragment', () => {
    expect(urlOf('https://acme.io/p?email=a%40b.c&utm_source=news&pw=secret#top')).toBe('/p?utm_source=news')
    expect(urlOf('https://acme.io/p?utm_source=a&x=1&utm_medium=b')).toBe('/p?utm_source=a&utm_medium=b')
    expect(urlOf('https://acme.io/pricing')).toBe('/pricing')
    expect(urlOf('/contact?password=hunter2')).toBe('/contact')
  })

  it('never carry a non-utm parameter, whatever the query', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), (params) => {
        const q = new URLSearchParams(params)
        const out = new URL(urlOf(`https://acme.io/p?${q}`), 'https://acme.io')
        for (const k of out.searchParams.keys()) if (!/^utm_/i.test(k)) return false
        return out.pathname === '/p'
      }),
    )
  })
})

describe('hash routes', () => {
  it('keep a #/ or #!/ route verbatim after the path; drop any other fragment and a bare #/', () => {
    expect(urlOf('https://acme.io/app#/pricing')).toBe('/app#/pricing')
    expect(urlOf('https://acme.io/#!/plans?tab=annual')).toBe('/#!/plans?tab=annual')
    expect(urlOf('https://acme.io/app?utm_source=x&email=a%40b.c#/pricing')).toBe('/app?utm_source=x#/pricing')
    expect(urlOf('https://acme.io/app#/')).toBe('/app')
    expect(urlOf('https://acme.io/docs#install')).toBe('/docs')
    expect(urlOf('https://acme.io/docs#access_token=abc')).toBe('/docs')
    expect(urlOf('https://acme.io/docs#!x')).toBe('/docs')
  })

  it('are never part of a document or referrer URL', () => {
    expect(urlOf('https://acme.io/files/a.pdf#/page-2', 1)).toBe('https://acme.io/files/a.pdf')
    expect(refOf('https://news.example/app#/story/1')).toBe('https://news.example/app')
  })
})

describe('documents and referrers', () => {
  it('are origin + path for web URLs, only the scheme otherwise', () => {
    expect(urlOf('/files/guide.pdf?token=1#p2', 1)).toBe('https://acme.io/files/guide.pdf')
    expect(urlOf('data:text/csv;base64,bmFtZSxlbWFpbA==', 1)).toBe('data:')
    expect(urlOf('file:///home/ann/secret.pdf', 1)).toBe('file:')
    expect(urlOf('android-app://com.google.android.gm/', 1)).toBe('android-app:')
    expect(urlOf('HTTP://CDN.Example.com/a.PDF?x', 1)).toBe('http://cdn.example.com/a.PDF')
  })

  it('omit a same-origin or empty referrer', () => {
    expect(refOf('https://www.google.com/search?q=secret')).toBe('https://www.google.com/search')
    expect(refOf('https://acme.io/pricing')).toBeUndefined()
    expect(refOf('')).toBeUndefined()
  })
})
