/**
 * The doc-test: every `@example` in worker/ is compiled against the module it documents. Each example
 * becomes a virtual file next to that module which imports the names the module exports and uses; any
 * other free name (a `db`, an `env`, a `row` the example takes as given) is declared `any`. What is left
 * must typecheck: a renamed function, a changed signature or a wrong literal in an example fails.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import ts from 'typescript'

export interface Example {
  file: string
  line: number
  code: string
}

/**
 * Every `@example` block of the .ts files under `dir` (the comment's lines up to the next tag or its end).
 * @example
 * const examples = extractExamples(process.cwd(), 'worker')
 */
export function extractExamples(root: string, dir: string): Example[] {
  const out: Example[] = []
  const walk = (d: string) => {
    for (const e of readdirSync(join(root, d), { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
        const lines = readFileSync(join(root, p), 'utf8').split('\n')
        lines.forEach((l, i) => {
          if (!/^\s*\*\s*@example\s*$/.test(l)) return
          const body: string[] = []
          for (let j = i + 1; j < lines.length; j++) {
            const t = lines[j]
            if (/^\s*\*\//.test(t) || /^\s*\*\s*@\w+/.test(t)) break
            body.push(t.replace(/^\s*\* ?/, ''))
          }
          out.push({ file: p, line: i + 1, code: body.join('\n') })
        })
      }
    }
  }
  walk(dir)
  return out
}

const exportedNames = (source: string): Set<string> => {
  const names = new Set<string>()
  for (const m of source.matchAll(/export\s+(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|class|interface|type|enum)\s+([A-Za-z_$][\w$]*)/g)) names.add(m[1])
  for (const m of source.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const n = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/).pop()?.trim()
      if (n) names.add(n)
    }
  }
  return names
}

const CANNOT_FIND = new Set([2304, 2552, 2582, 2663, 18004])

/**
 * Compiles every example; returns one message per example that does not compile.
 * @example
 * const failures = checkExamples(process.cwd(), extractExamples(process.cwd(), 'worker'))
 */
export function checkExamples(root: string, examples: readonly Example[]): string[] {
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, root)
  // a callback's parameter over an `any` value is `any`: that is the example taking it as given
  const options: ts.CompilerOptions = { ...config.options, noEmit: true, noUnusedLocals: false, noImplicitAny: false }
  const files = new Map<string, { ex: Example; imports: string[]; anys: Set<string> }>()
  examples.forEach((ex, i) => {
    const abs = resolve(root, ex.file)
    const exported = exportedNames(readFileSync(abs, 'utf8'))
    const used = new Set(ex.code.match(/[A-Za-z_$][\w$]*/g) ?? [])
    const base = `./${ex.file.split('/').pop()!.replace(/\.ts$/, '')}`
    // an example that writes its own imports is compiled as written
    const imports = /^\s*import\s/m.test(ex.code) ? [] : [...exported].filter((n) => used.has(n))
    files.set(join(dirname(abs), `__example_${i}.ts`), { ex, imports: imports.length ? [`import { ${imports.join(', ')} } from '${base}'`] : [], anys: new Set() })
  })
  const text = (f: { ex: Example; imports: string[]; anys: Set<string> }) =>
    [...f.imports, ...[...f.anys].map((n) => `type ${n} = any\ndeclare const ${n}: any`), 'export {}', f.ex.code].join('\n')
  const run = () => {
    const host = ts.createCompilerHost(options)
    const read = host.readFile
    host.readFile = (p) => (files.has(p) ? text(files.get(p)!) : read(p))
    host.fileExists = (p) => files.has(p) || ts.sys.fileExists(p)
    const get = host.getSourceFile
    host.getSourceFile = (p, lang, ...rest) => (files.has(p) ? ts.createSourceFile(p, text(files.get(p)!), lang) : get(p, lang, ...rest))
    const program = ts.createProgram([...files.keys()], options, host)
    return [...files.keys()].map((p) => [p, [...program.getSyntacticDiagnostics(program.getSourceFile(p)), ...program.getSemanticDiagnostics(program.getSourceFile(p))]] as const)
  }
  let grew = false
  const first = run()
  for (const [p, diags] of first) {
    for (const d of diags) {
      if (!CANNOT_FIND.has(d.code) || d.start === undefined) continue
      const name = d.file!.text.slice(d.start, d.start + d.length!)
      files.get(p)!.anys.add(name)
      grew = true
    }
  }
  const failures: string[] = []
  for (const [p, diags] of grew ? run() : first) {
    const f = files.get(p)!
    for (const d of diags) failures.push(`${f.ex.file}:${f.ex.line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}\n${f.ex.code}`)
  }
  return failures
}
