import { describe, expect, it } from 'vitest'
import { DIRECT, normaliseMedium, normaliseSource, touchOf, touchProfile, utmOf } from '../../../worker/scoring/touch'

describe('first touch from what a page view carries', () => {
  // [path, referrer, source, medium, campaign]
  const table: [string, string | undefined, string, string, string | null][] = [
    ['/pricing?utm_source=LinkedIn&utm_medium=paid', undefined, 'linkedin', 'paid', null],
    ['/?utm_source=google&utm_medium=cpc&utm_campaign=Spring-Sale', undefined, 'google', 'paid', 'spring-sale'],
    ['/?utm_source=newsletter&utm_medium=Email', undefined, 'newsletter', 'email', null],
    ['/?utm_source=Facebook&utm_medium=social-media', undefined, 'facebook', 'social', null],
    ['/?utm_source=x', undefined, 'twitter', 'social', null],
    ['/?utm_source=Reference', undefined, 'reference', 'referral', null],
    ['/?utm_source=Word%20of%20Mouth&utm_medium=referral', undefined, 'word-of-mouth', 'referral', null],
    ['/?utm_source=partner-site&utm_medium=Webinar', undefined, 'partner-site', 'webinar', null],
    ['/?utm_medium=email', undefined, 'direct', 'email', null],
    ['/?utm_campaign=launch', 'https://news.ycombinator.com/item', 'hackernews', 'social', 'launch'],
    ['/', 'https://www.google.com/', 'google', 'organic', null],
    ['/', 'https://www.google.co.uk/', 'google', 'organic', null],
    ['/', 'https://www.bing.com/search', 'bing', 'organic', null],
    ['/', 'https://duckduckgo.com/', 'duckduckgo', 'organic', null],
    ['/', 'https://search.brave.com/search', 'brave', 'organic', null],
    ['/', 'https://www.linkedin.com/feed/', 'linkedin', 'social', null],
    ['/', 'https://lnkd.in/abc', 'linkedin', 'social', null],
    ['/', 'https://l.facebook.com/l.php', 'facebook', 'social', null],
    ['/', 'https://t.co/xyz', 'twitter', 'social', null],
    ['/', 'https://x.com/someone', 'twitter', 'social', null],
    ['/', 'https://mail.google.com/mail/u/0/', 'gmail', 'email', null],
    ['/', 'https://blog.example.org/post', 'blog.example.org', 'referral', null],
    ['/', 'https://foo.x.io/', 'foo.x.io', 'referral', null],
  ]
  it.each(table)('%s from %s → %s / %s', (path, referrer, source, medium, campaign) => {
    const t = touchOf(path, referrer)
    expect(t).toMatchObject({ source, medium, campaign })
  })

  it('no UTM and no referrer is no touch (direct is what a lead with none gets)', () => {
    expect(touchOf('/pricing')).toBeNull()
    expect(touchOf('/pricing?ref=x')).toBeNull()
    expect(touchOf('/', 'not a url')).toBeNull()
    expect(touchOf('/', 'javascript:alert(1)')).toBeNull()
    expect(DIRECT).toMatchObject({ source: 'direct', medium: 'none' })
  })

  it('reads UTM from the real query only, never from a hash route', () => {
    expect(utmOf('/app#/pricing?utm_source=evil')).toEqual({})
    expect(utmOf('/app?utm_source=good#/pricing?utm_source=evil')).toEqual({ source: 'good' })
    expect(touchOf('/#!/x?utm_medium=paid')).toBeNull()
  })

  it('keeps the referrer beside UTM (the medium follows the tagged source), and the first of a repeated parameter', () => {
    expect(touchOf('/?utm_source=a&utm_source=b', 'https://www.google.com/')).toEqual({
      source: 'a', medium: 'referral', campaign: null, referrer: 'https://www.google.com/',
    })
  })

  it('bounds what a hostile path can store', () => {
    const t = touchOf(`/?utm_source=${'a'.repeat(5000)}&utm_campaign=${'%E2%9C%93'.repeat(400)}`)
    expect(t!.source.length).toBeLessThanOrEqual(100)
    expect(t!.campaign!.length).toBeLessThanOrEqual(100)
    expect(touchOf('/?utm_source=%E0%A4%A')!.source).toBe('e0-a4-a')
  })

  it('normalises hand-typed names', () => {
    expect(normaliseSource('LinkedIn')).toBe('linkedin')
    expect(normaliseSource('www.google.co.uk')).toBe('google')
    expect(normaliseSource('Welingak Website')).toBe('welingak-website')
    expect(['CPC', 'ppc', 'paid_social', 'display', 'E-mail', 'SEO', 'Affiliate'].map(normaliseMedium)).toEqual([
      'paid', 'paid', 'paid', 'paid', 'email', 'organic', 'affiliate',
    ])
    expect(touchProfile({ source: 'linkedin', medium: 'paid', campaign: null })).toEqual({ source: 'linkedin', medium: 'paid' })
    expect(touchProfile(null)).toEqual({})
  })
})
