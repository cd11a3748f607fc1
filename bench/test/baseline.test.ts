import { describe, expect, it } from 'vitest'
import { originAllowed } from '../baseline/index.js'

describe('baseline Worker origin check', () => {
  it('admits the site’s domains and their subdomains, nothing else', () => {
    expect(originAllowed('http://localhost', ['localhost'])).toBe(true)
    expect(originAllowed('http://localhost:8080', ['localhost'])).toBe(true)
    expect(originAllowed('https://www.acme.io', ['acme.io'])).toBe(true)
    expect(originAllowed('https://evilacme.io', ['acme.io'])).toBe(false)
    expect(originAllowed('https://acme.io.evil.com', ['acme.io'])).toBe(false)
    expect(originAllowed(null, ['localhost'])).toBe(false)
    expect(originAllowed('not a url', ['localhost'])).toBe(false)
  })
})
