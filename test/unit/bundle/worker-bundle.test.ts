// The Worker as `wrangler deploy` uploads it (wrangler.toml's minify and aliases applied): its gzip size
// does not grow (a ratchet toward the 100 KiB goal), and the trimmed bundle still boots in workerd,
// validates input with English messages, and with its static files (public/) in front serves the
// OpenAPI document generated from the current routes.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleGzipBytes, topInputs } from '../../../bench/lib/sizes.mjs'
import { buildOpenApi } from '../../../scripts/build-openapi.mjs'
import { buildSnippet } from '../../../snippet/build.mjs'
import { CSS_URL, JS_URL } from '../../../worker/web/assets'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
// A regression ratchet, not the goal: the goal is 102,400 B (100 KiB), out of reach with one Worker on
// this stack — our own code alone is ~107,000 B gzip (bench/FINDINGS.md, "An idle full run", has the breakdown;
// `node scripts/bundle-breakdown.mjs` prints it). 163,418 B when set (static files moved to Workers
// Static Assets, PatternRouter, no secure-headers or d3-format), plus ~1%. Lower this as it shrinks.
// +2,051 B: the snippet's stored brotli copy (GET /s.js sends it as is to browsers that accept br).
// +500 B: calibration's behaviour step candidates.
// +1,100 B: event-dated stage times, sites paging, Slack episode checks.
// +4,048 B: calibration, import and site-deletion jobs.
const BUDGET_GZIP = 172_900

let out: string
let bundle: string

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'worker/generated/snippet.ts'))) await buildSnippet()
  await buildOpenApi()
  out = mkdtempSync(join(tmpdir(), 'lb-bundle-'))
  const r = spawnSync(process.execPath, ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--outdir', out, '--metafile', join(out, 'meta.json')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
  })
  if (r.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${r.stdout}\n${r.stderr}`)
  bundle = join(out, 'index.js')
}, 120_000)

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true })
})

describe('the deployed Worker bundle', () => {
  it(`is at most ${BUDGET_GZIP} bytes gzip`, () => {
    const { rawBytes, gzipBytes } = bundleGzipBytes(bundle)
    const top = topInputs(join(out, 'meta.json'), 6)
      .map((t) => `${t.input} ${t.bytes}`)
      .join(', ')
    // a build that lost the app would pass too easily
    expect(rawBytes).toBeGreaterThan(200_000)
    expect(gzipBytes, `${gzipBytes} B gzip; biggest inputs (minified bytes): ${top}`).toBeLessThanOrEqual(BUDGET_GZIP)
  })

  it('keeps no zod locale but English', () => {
    const inputs = Object.keys(JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')).inputs as Record<string, unknown>)
    const locales = inputs.filter((f) => /zod\/v4\/locales\//.test(f)).map((f) => f.replace(/.*\/locales\//, ''))
    expect(locales).toEqual(['en.js'])
  })

  describe('in workerd', () => {
    let mf: Miniflare
    beforeAll(async () => {
      // the static files (public/) as wrangler configures them, served in front of the Worker
      const { unstable_getMiniflareWorkerOptions } = createRequire(import.meta.url)('wrangler')
      const { assets } = unstable_getMiniflareWorkerOptions(join(ROOT, 'wrangler.toml')).workerOptions
      mf = new Miniflare({
        assets,
        // the code itself, not its path: workerd would follow the source-map comment out of the dir
        modules: [{ type: 'ESModule', path: 'index.js', contents: readFileSync(bundle, 'utf8') }],
        compatibilityDate: '2026-04-20',
        compatibilityFlags: ['nodejs_compat'],
        d1Databases: ['DB'],
        bindings: { ENVIRONMENT: 'local', ADMIN_TOKEN: 'bundle-test' },
        ratelimits: { RL_INGEST: { simple: { limit: 300, period: 60 } }, RL_API: { simple: { limit: 600, period: 60 } } },
      })
      // the migrations wrangler applies, so the smoke test below reaches D1 through the bundled drizzle
      const db = await mf.getD1Database('DB')
      const dir = join(ROOT, 'schema/migrations')
      for (const f of readdirSync(dir).filter((n) => n.endsWith('.sql')).sort()) {
        for (const stmt of readFileSync(join(dir, f), 'utf8').split('--> statement-breakpoint')) {
          if (stmt.trim()) await db.prepare(stmt).run()
        }
      }
    }, 60_000)
    afterAll(async () => {
      await mf?.dispose()
    })

    it('answers a malformed batch with English validation messages', async () => {
      const body = JSON.stringify({ s: 'site', v: 'visitor-1', e: [{ t: 'pv', i: 'a', ts: 'soon', p: 'no-slash' }] })
      const r = await mf.dispatchFetch('http://127.0.0.1/e', { method: 'POST', headers: { 'content-type': 'text/plain' }, body })
      expect(r.status).toBe(400)
      expect(r.headers.get('content-type')).toContain('application/problem+json')
      const problem = (await r.json()) as { detail: string }
      expect(problem.detail).toContain('e.0.ts: Invalid input: expected number, received string')
      expect(problem.detail).toContain('e.0.p: a path starts with /')
    })

    it('serves the OpenAPI document generated from the current routes (no drift)', async () => {
      const r = await mf.dispatchFetch('http://127.0.0.1/openapi.json')
      expect(r.status).toBe(200)
      expect(r.headers.get('content-type')).toContain('application/json')
      const doc = (await r.json()) as { openapi: string; paths: Record<string, unknown> }
      expect(doc.openapi).toMatch(/^3\.1/)
      expect(Object.keys(doc.paths)).toContain('/api/v1/leads')
      expect(doc).toEqual(JSON.parse((await buildOpenApi({ write: false })).json))
      // a static file in front of the Worker, not a string inside it
      const code = readFileSync(bundle, 'utf8')
      expect(code).not.toContain('"components":{')
      const page = await mf.dispatchFetch('http://127.0.0.1/docs')
      expect(page.status).toBe(200)
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
      expect(code).not.toContain(((await page.text()).match(/<title>([^<]+)</) ?? [])[1] ?? '<title>')
    }, 60_000)

    it("serves the app's stylesheet and script as static files, cached by their versioned URL", async () => {
      for (const [url, type] of [
        [CSS_URL, 'text/css'],
        [JS_URL, 'javascript'],
      ]) {
        const r = await mf.dispatchFetch(`http://127.0.0.1${url}`)
        expect(r.status, url).toBe(200)
        expect(r.headers.get('content-type')).toContain(type)
        expect(r.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
        expect((await r.text()).length).toBeGreaterThan(200)
      }
    })

    // The stand-ins (worker/vendor/) run only in this bundle, so one journey goes through each: the
    // operator and marketer APIs (zod-openapi routes, drizzle), ingest, and the app's charts (d3).
    it('creates a site, ingests, lists the lead and draws its charts', async () => {
      const base = 'http://127.0.0.1'
      const created = await mf.dispatchFetch(`${base}/api/v1/sites`, {
        method: 'POST',
        headers: { Authorization: 'Bearer bundle-test', 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Acme', domains: ['acme.test'] }),
      })
      expect(created.status, await created.clone().text()).toBe(201)
      const site = (await created.json()) as { siteKey: string; apiKey: string }
      const now = Date.now()
      const e = [
        { i: 'e1', t: 'pv', ts: now - 3 * 86_400_000, p: '/pricing' },
        { i: 'e2', t: 'pv', ts: now - 86_400_000, p: '/docs' },
        { i: 'e3', t: 'id', ts: now - 60_000, d: { email: 'ada@acme.test' } },
        { i: 'e4', t: 'pv', ts: now, p: '/pricing' },
      ]
      const ingest = await mf.dispatchFetch(`${base}/e`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', Origin: 'https://acme.test', 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36' },
        body: JSON.stringify({ s: site.siteKey, v: 'visitor-1', e }),
      })
      expect(ingest.status, await ingest.clone().text()).toBe(202)

      const list = await mf.dispatchFetch(`${base}/api/v1/leads`, { headers: { Authorization: `Bearer ${site.apiKey}` } })
      expect(list.status).toBe(200)
      const leads = ((await list.json()) as { data: { id: string; email: string | null; score: number }[] }).data
      expect(leads.map((l) => l.email)).toEqual(['ada@acme.test'])

      const signIn = await mf.dispatchFetch(`${base}/app/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
        body: new URLSearchParams({ key: site.apiKey }).toString(),
        redirect: 'manual',
      })
      expect(signIn.status).toBe(303)
      const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]
      expect(cookie).toMatch(/^lb_session=/)
      const page = await mf.dispatchFetch(`${base}/app/leads/${leads[0].id}`, { headers: { Cookie: cookie } })
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
      // d3-shape's line through every point, and the time axis labelled by d3-scale (day ticks: "Mon 30")
      expect(html).toMatch(/<path d="M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){3,}"/)
      expect(html).toMatch(/>(Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d\d</)
      const scoring = await mf.dispatchFetch(`${base}/app/scoring`, { headers: { Cookie: cookie } })
      expect(scoring.status).toBe(200)
      expect(await scoring.text()).toContain('<svg')
    }, 60_000)
  })
})
