// Generates the OpenAPI 3.1 document of every route (with the real @asteasolutions/zod-to-openapi, in
// Node) and writes public/openapi.json, which the platform serves at GET /openapi.json as a static
// asset (wrangler.toml [assets]): neither the generator nor the document is in the Worker bundle
// (worker/vendor/zod-to-openapi.ts stands in for the generator).
// Usage: node scripts/build-openapi.mjs   (run by dev, test, deploy and typecheck, like snippet/build.mjs)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const OUT = join(root, 'public/openapi.json')

/**
 * The document as GET /openapi.json serves it (a JSON string); written to public/openapi.json unless
 * `write` is false. The file is rewritten only when its text changes, so `wrangler dev` does not reload.
 * @example
 * const { json } = await buildOpenApi({ write: false }) // '{"openapi":"3.1.0",…}'
 */
export async function buildOpenApi({ write = true } = {}) {
  const r = await build({
    stdin: {
      contents: "import { app } from './worker/app'\nimport { OPENAPI_INFO } from './worker/routes/docs'\nexport const doc = app.getOpenAPI31Document(OPENAPI_INFO)\n",
      resolveDir: root,
      loader: 'ts',
      sourcefile: 'openapi-entry.ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    // npm packages load from node_modules as they are: no [alias], the real generator
    packages: 'external',
    external: ['cloudflare:*'],
    logLevel: 'warning',
  })
  const dir = join(root, '.tmp')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `openapi-gen-${process.pid}-${Date.now()}.mjs`)
  writeFileSync(file, r.outputFiles[0].text)
  let doc
  try {
    ;({ doc } = await import(pathToFileURL(file).href))
  } finally {
    rmSync(file, { force: true })
  }
  const json = JSON.stringify(doc)
  if (write) {
    const text = json
    let old = null
    try {
      old = readFileSync(OUT, 'utf8')
    } catch {}
    if (old !== text) {
      mkdirSync(dirname(OUT), { recursive: true })
      writeFileSync(OUT, text)
    }
  }
  return { json, bytes: Buffer.byteLength(json) }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { bytes } = await buildOpenApi()
  console.log(`openapi: public/openapi.json (${bytes} B)`)
}
