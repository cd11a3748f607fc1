// The app's stylesheet and script are cached for a year by URL: the `v` in each URL must change
// whenever the file's text does.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CSS_URL, JS_URL } from '../../../worker/web/assets'

/** FNV-1a of the text, base 36: a cache key, not security-relevant. */
const version = (s: string) => {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(36)
}

describe("the app's asset URLs", () => {
  it.each([
    ['app.css', CSS_URL],
    ['app.js', JS_URL],
  ])('%s: its URL carries the hash of its current text', (file, url) => {
    const text = readFileSync(new URL(`../../../public/app/assets/${file}`, import.meta.url), 'utf8')
    expect(text.length).toBeGreaterThan(200)
    expect(url, 'set this URL in worker/web/assets.ts').toBe(`/app/assets/${file}?v=${version(text)}`)
  })
})
