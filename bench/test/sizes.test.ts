import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { bundleGzipBytes, coldStart, compressedSizes, topInputs } from '../lib/sizes.mjs'

describe('bench sizes', () => {
  const code = Buffer.from('(function(){var w=window;w.leadbeacon=function(){};'.repeat(40) + '})()')

  it('measures raw, gzip and brotli bytes of the same content', () => {
    const s = compressedSizes(code)
    expect(s.rawBytes).toBe(code.length)
    expect(s.gzipBytes).toBeLessThan(s.rawBytes)
    expect(s.brotliBytes).toBeLessThan(s.rawBytes)
  })

  it('counts bytes that decompress back to the input', async () => {
    const { gzipSync, brotliCompressSync, constants } = await import('node:zlib')
    const gz = gzipSync(code, { level: 9 })
    const br = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: code.length } })
    expect(gunzipSync(gz).equals(code)).toBe(true)
    expect(brotliDecompressSync(br).equals(code)).toBe(true)
    expect(compressedSizes(code)).toEqual({ rawBytes: code.length, gzipBytes: gz.length, brotliBytes: br.length })
  })

  it('reads a bundle file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-sizes-'))
    writeFileSync(join(dir, 'index.js'), code)
    expect(bundleGzipBytes(join(dir, 'index.js')).rawBytes).toBe(code.length)
  })

  it('groups a metafile’s inputs by package and by our folders, zod locales apart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-meta-'))
    const meta = {
      outputs: {
        'out/index.js.map': { inputs: {} },
        'out/index.js': {
          inputs: {
            'node_modules/zod/v4/core/schemas.js': { bytesInOutput: 600 },
            'node_modules/zod/v4/locales/he.js': { bytesInOutput: 150 },
            'node_modules/zod/v4/locales/ru.js': { bytesInOutput: 50 },
            'node_modules/@hono/zod-openapi/dist/index.js': { bytesInOutput: 100 },
            'worker/scoring/engine.ts': { bytesInOutput: 60 },
            'worker/scoring/rules.ts': { bytesInOutput: 40 },
          },
        },
      },
    }
    writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta))
    expect(topInputs(join(dir, 'meta.json'), 3)).toEqual([
      { input: 'zod', bytes: 600, share: 0.6 },
      { input: 'zod (locales)', bytes: 200, share: 0.2 },
      { input: '@hono/zod-openapi', bytes: 100, share: 0.1 },
    ])
    expect(topInputs(join(dir, 'meta.json')).find((t) => t.input === 'worker/scoring')?.bytes).toBe(100)
  })

  it('times a cold start longer for a Worker with more top-level work than for an empty one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lb-cold-'))
    const heavy = join(dir, 'heavy.js')
    // tens of ms of top-level CPU work, so the difference over an empty Worker is visible
    writeFileSync(heavy, 'let x = 0; for (let i = 0; i < 3e7; i++) x += i % 7\nexport default { fetch() { return new Response(String(x), { status: 404 }) } }\n')
    const c = await coldStart(heavy, { runs: 1 })
    expect(c.runs).toBe(1)
    expect(c.scriptMs).toBeGreaterThan(10)
    expect(Number.isFinite(c.firstResponseMs)).toBe(true)
  }, 60_000)
})
