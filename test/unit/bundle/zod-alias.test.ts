// wrangler.toml aliases 'zod' to worker/vendor/zod.ts, whose `z` holds only the members the Worker
// uses (so esbuild can leave the rest of zod out). A member used in worker/ but missing there would
// only fail in the deployed bundle, so every `z.<member>` read as a value in worker/ is checked here.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { z } from '../../../worker/vendor/zod'

const WORKER = fileURLToPath(new URL('../../../worker/', import.meta.url))

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name)
    if (d.isDirectory()) return sources(p)
    return d.name.endsWith('.ts') ? [p] : []
  })
}

/** `z.<member>` read as a value (type positions like `z.infer<…>` are qualified names, not these). */
function zMembers(file: string): Set<string> {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true)
  const importsZ = src.statements.some(
    (s) =>
      ts.isImportDeclaration(s) &&
      ts.isStringLiteral(s.moduleSpecifier) &&
      /^(zod|@hono\/zod-openapi)$/.test(s.moduleSpecifier.text) &&
      s.importClause?.namedBindings !== undefined &&
      ts.isNamedImports(s.importClause.namedBindings) &&
      s.importClause.namedBindings.elements.some((e) => e.name.text === 'z' && !e.isTypeOnly) &&
      !s.importClause.isTypeOnly,
  )
  const found = new Set<string>()
  if (!importsZ) return found
  const visit = (n: ts.Node) => {
    if (ts.isPropertyAccessExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'z') found.add(n.name.text)
    ts.forEachChild(n, visit)
  }
  visit(src)
  return found
}

describe("the Worker's zod stand-in", () => {
  const used = new Set(sources(WORKER).flatMap((f) => [...zMembers(f)]))

  it('finds the members the Worker uses', () => {
    // the scan itself must see the common ones, or it would pass by finding nothing
    for (const m of ['string', 'object', 'strictObject', 'tuple', 'toJSONSchema']) expect(used).toContain(m)
  })

  it('has every member the Worker reads from z', () => {
    const missing = [...used].filter((m) => !(m in z))
    expect(missing, 'add these to worker/vendor/zod-z.ts').toEqual([])
  })

  it('builds schemas whose messages are English', () => {
    const r = z.strictObject({ n: z.number(), s: z.string().min(2) }).safeParse({ n: 'x', s: 'a', extra: 1 })
    expect(r.success).toBe(false)
    const messages = r.error?.issues.map((i) => i.message)
    expect(messages).toContain('Invalid input: expected number, received string')
    expect(messages).toContain('Too small: expected string to have >=2 characters')
    expect(messages).toContain('Unrecognized key: "extra"')
  })
})
