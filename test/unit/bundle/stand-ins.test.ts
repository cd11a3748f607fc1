// The deployed bundle swaps some library modules for smaller stand-ins (wrangler.toml `[alias]`,
// worker/vendor/). Each must behave as the module it replaces wherever the Worker uses it, and keep
// every name the real module exports (a missing one would fail only in the deployed bundle).
import { scaleLinear } from 'd3-scale'
import { line as realLine } from 'd3-shape'
import { readdirSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as d3i from '../../../worker/vendor/d3-interpolate'
import { line } from '../../../worker/vendor/d3-shape'
import * as d3tf from '../../../worker/vendor/d3-time-format'
import * as json from '../../../worker/vendor/zod-json-schema'
import * as openapi from '../../../worker/vendor/zod-to-openapi'

// no type declarations ship for these; only their names and functions are compared
const load = (m: string) => import(/* @vite-ignore */ m) as Promise<Record<string, unknown>>

/** The names `file` (in node_modules) imports from `pkg`, read from its import statement. */
function importedNames(file: string, pkg: string): string[] {
  const src = readFileSync(new URL(`../../../node_modules/${file}`, import.meta.url), 'utf8')
  const m = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["']${pkg}["']`).exec(src)
  if (!m) throw new Error(`${file} no longer imports from ${pkg}`)
  return m[1].split(',').map((s) => s.trim().split(/\s+as\s+/)[0]).filter(Boolean)
}

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true })

describe('d3-interpolate stand-in', () => {
  it('exports every name d3-scale imports from d3-interpolate', () => {
    const names = importedNames('d3-scale/dist/d3-scale.mjs', 'd3-interpolate')
    expect(names).toContain('interpolate')
    expect(names.filter((n) => !(n in d3i))).toEqual([])
  })

  it("interpolates numbers exactly as d3's own", async () => {
    const real = await load('d3-interpolate')
    const num = real.interpolateNumber as typeof d3i.interpolateNumber
    const round = real.interpolateRound as typeof d3i.interpolateRound
    const value = real.interpolate as typeof d3i.interpolate
    const pw = real.piecewise as typeof d3i.piecewise
    fc.assert(
      fc.property(finite, finite, finite, fc.double({ min: 0, max: 1, noNaN: true }), (a, b, c, t) => {
        expect(d3i.interpolateNumber(a, b)(t)).toBe(num(a, b)(t))
        expect(d3i.interpolateRound(a, b)(t)).toBe(round(a, b)(t))
        expect(d3i.interpolate(a, b)(t)).toBe(value(a, b)(t))
        expect(d3i.piecewise(d3i.interpolate, [a, b, c])(t)).toBe(pw(d3i.interpolate, [a, b, c])(t))
      }),
    )
  })

  it('gives a linear scale the same pixels, and refuses what is not a number', () => {
    fc.assert(
      fc.property(finite, finite, finite, finite, finite, (d0, d1, r0, r1, v) => {
        fc.pre(d0 !== d1)
        const ours = scaleLinear().domain([d0, d1]).range([r0, r1]).interpolate(d3i.interpolate as never)
        expect(ours(v)).toBe(scaleLinear().domain([d0, d1]).range([r0, r1])(v))
      }),
    )
    expect(() => d3i.interpolate('red', 'blue')).toThrow(/numbers only/)
  })
})

describe('d3-shape stand-in', () => {
  it('draws the same path as d3-shape, gaps and digits included', () => {
    const pt = fc.tuple(fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.double({ min: -1e4, max: 1e4, noNaN: true }), fc.boolean())
    fc.assert(
      fc.property(fc.array(pt, { maxLength: 30 }), fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }), (pts, digits) => {
        type P = [number, number, boolean]
        // the Worker types its calls against @types/d3-shape, as here
        const a = (line as unknown as typeof realLine)<P>()
          .x((p) => p[0])
          .y((p) => p[1])
          .defined((p) => p[2])
          .digits(digits)
        const b = realLine<P>()
          .x((p) => p[0])
          .y((p) => p[1])
          .defined((p) => p[2])
          .digits(digits)
        expect(a(pts)).toBe(b(pts))
      }),
    )
    expect(line()([[0, 1], [2, 3]])).toBe(realLine()([[0, 1], [2, 3]]))
    const fx = line().x() as (d: [number, number], i: number, data: [number, number][]) => number
    expect(fx([7, 8], 0, [])).toBe(7)
    expect(line()([])).toBe(realLine()([]))
  })
})

describe('d3-time-format stand-in', () => {
  it('formats every specifier d3-scale labels time ticks with, as d3-time-format does', async () => {
    expect(importedNames('d3-scale/dist/d3-scale.mjs', 'd3-time-format').filter((n) => !(n in d3tf))).toEqual([])
    const src = readFileSync(new URL('../../../node_modules/d3-scale/dist/d3-scale.mjs', import.meta.url), 'utf8')
    const used = [...src.matchAll(/format\("([^"]*)"\)/g)].map((m) => m[1])
    expect(used).toContain('%b %d')
    const real = await load('d3-time-format')
    const realUtc = real.utcFormat as typeof d3tf.utcFormat
    const realLocal = real.timeFormat as typeof d3tf.timeFormat
    const specs = [...used, '%Y-%m-%d %H:%M:%S.%L', '%A %B %y %I %p %%']
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        for (const spec of specs) {
          expect(d3tf.utcFormat(spec)(new Date(ms))).toBe(realUtc(spec)(new Date(ms)))
          expect(d3tf.timeFormat(spec)(ms)).toBe(realLocal(spec)(new Date(ms)))
        }
      }),
    )
    expect(() => d3tf.utcFormat('%Z')).toThrow(/no %Z/)
  })
})

describe("zod's JSON Schema stand-in", () => {
  it('has every export of the two modules it replaces, each refusing', async () => {
    const names = [
      ...Object.keys(await load('../../../node_modules/zod/v4/core/json-schema-processors.js')),
      ...Object.keys(await load('../../../node_modules/zod/v4/core/to-json-schema.js')),
    ]
    expect(names.length).toBeGreaterThan(30)
    expect(names.filter((n) => !(n in json))).toEqual([])
    expect(() => json.toJSONSchema()).toThrow(/not in the Worker bundle/)
    expect(() => json.createToJSONSchemaMethod()()).toThrow(/not in the Worker bundle/)
  })
})

describe('zod-to-openapi stand-in', () => {
  it('has every name @hono/zod-openapi imports, records nothing and keeps schemas as they are', () => {
    const names = importedNames('@hono/zod-openapi/dist/index.mjs', '@asteasolutions/zod-to-openapi')
    expect(names).toContain('OpenAPIRegistry')
    expect(names.filter((n) => !(n in openapi))).toEqual([])
    const r = new openapi.OpenAPIRegistry()
    r.registerPath({ method: 'get', path: '/x' })
    expect(r.definitions).toEqual([])
    expect(() => new openapi.OpenApiGeneratorV31().generateDocument()).toThrow(/generated at build time/)
    // a fresh zod type without `.openapi` gets the pass-through one
    class Fake {}
    openapi.extendZodWithOpenApi({ ZodType: Fake })
    const s = new Fake() as { openapi(meta: unknown): unknown }
    expect(s.openapi({ description: 'x' })).toBe(s)
  })
})

describe('hono stand-in', () => {
  it("has every name the Worker's packages and our code import from 'hono' as values, and routes with PatternRouter", async () => {
    const hono = await import('../../../worker/vendor/hono')
    const names = importedNames('@hono/zod-openapi/dist/index.mjs', 'hono')
    // our own value imports from 'hono' (type-only names are erased from the bundle)
    const ours = new Set<string>()
    const scan = (dir: URL) => {
      for (const d of readdirSync(dir, { withFileTypes: true })) {
        if (d.isDirectory()) scan(new URL(`${d.name}/`, dir))
        else if (/\.tsx?$/.test(d.name)) {
          const src = readFileSync(new URL(d.name, dir), 'utf8')
          for (const m of src.matchAll(/import\s*\{([^}]*)\}\s*from\s*'hono'/g)) {
            for (const n of m[1].split(',').map((s) => s.trim()).filter((s) => s && !s.startsWith('type '))) ours.add(n)
          }
        }
      }
    }
    scan(new URL('../../../worker/', import.meta.url))
    expect(ours).toContain('Hono')
    expect([...names, ...ours].filter((n) => !(n in hono))).toEqual([])
    const app = new hono.Hono()
    expect(app.router.name).toBe('PatternRouter')
    app.get('/api/v1/leads/:id', (c) => c.text(c.req.param('id')))
    expect(await (await app.request('/api/v1/leads/ld_1')).text()).toBe('ld_1')
  })
})

describe('d3-format stand-in', () => {
  it('has every name d3-scale imports from d3-format, each refusing with the reason', async () => {
    const d3f = await import('../../../worker/vendor/d3-format')
    const names = importedNames('d3-scale/dist/d3-scale.mjs', 'd3-format')
    expect(names).toContain('format')
    expect(names.filter((n) => !(n in d3f))).toEqual([])
    expect(() => d3f.format(',.0f')).toThrow(/not in the Worker bundle/)
  })
})
