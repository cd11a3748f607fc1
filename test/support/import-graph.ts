/**
 * The Worker's import graph and the rules it must keep: layers point down, and nothing imports in a
 * circle (files or folders). Type-only imports, re-exports and `import()` types count like any import.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'

/** file (relative to the repo) → the repo-relative files it imports */
export type Graph = Map<string, string[]>

/**
 * The Worker's layers, top first. A unit is a folder of `worker/` or a file directly in it; a unit may
 * import only units of a strictly lower layer (and itself). Files outside `worker/` are the bottom.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['index.ts'],
  ['app.ts', 'cron.ts'],
  ['web'],
  ['routes', 'demo', 'handoff'],
  ['ingest', 'jobs'],
  ['alerts'],
  ['db'],
  ['http'],
  ['calibration'],
  ['scoring'],
  ['env.ts', 'generated'],
  // stand-ins wrangler.toml aliases npm modules to; nothing of ours imports them
  ['vendor'],
]

/** Folders that declare a public surface: other units import that file, never the folder's insides. */
export const PUBLIC_SURFACES: Readonly<Record<string, string>> = { alerts: 'worker/alerts/index.ts' }

const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.mjs']

function resolveSpecifier(from: string, spec: string, root: string): string | null {
  if (!spec.startsWith('.')) return null
  const base = resolve(root, dirname(from), spec)
  const stem = base.replace(/\.(js|mjs|ts)$/, '')
  const candidates = [base, ...EXTENSIONS.map((e) => stem + e), ...EXTENSIONS.map((e) => join(base, `index${e}`))]
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return relative(root, c)
  return relative(root, base)
}

/**
 * Every relative import of every .ts file under `dir`, read with the TypeScript compiler's own
 * pre-processor (so `import type`, `export … from` and `import('…')` are all seen).
 * @example
 * const g = importGraph(process.cwd(), 'worker')
 */
export function importGraph(root: string, dir: string): Graph {
  const graph: Graph = new Map()
  const walk = (d: string) => {
    for (const e of readdirSync(join(root, d), { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (/\.tsx?$/.test(e.name)) {
        const info = ts.preProcessFile(readFileSync(join(root, p), 'utf8'), true, true)
        const targets = info.importedFiles.map((f) => resolveSpecifier(p, f.fileName, root)).filter((t): t is string => t !== null)
        graph.set(p, [...new Set(targets)])
      }
    }
  }
  walk(dir)
  return graph
}

/** The unit (folder or top-level file) of a repo-relative path; null outside `worker/`. */
export function unitOf(path: string, dir = 'worker'): string | null {
  const rel = relative(dir, path)
  if (rel.startsWith('..')) return null
  return rel.split(/[\\/]/)[0]
}

const layerOf = (unit: string | null, layers: readonly (readonly string[])[]): number => {
  if (unit === null) return layers.length
  const i = layers.findIndex((l) => l.includes(unit))
  return i === -1 ? -1 : i
}

/**
 * Imports that point up or sideways between units, that pass a folder's public surface, and units no
 * layer names.
 * @example
 * upwardImports(new Map([['worker/db/a.ts', ['worker/routes/b.ts']]])) // ['worker/db/a.ts → worker/routes/b.ts (db may not import routes)']
 */
export function upwardImports(graph: Graph, layers: readonly (readonly string[])[] = LAYERS, dir = 'worker'): string[] {
  const out: string[] = []
  for (const [from, targets] of graph) {
    const fu = unitOf(from, dir)
    const fl = layerOf(fu, layers)
    if (fl === -1) out.push(`${from}: its unit ${fu} is in no layer`)
    for (const to of targets) {
      const tu = unitOf(to, dir)
      if (tu === fu) continue
      const tl = layerOf(tu, layers)
      if (tl === -1) out.push(`${from} → ${to}: unit ${tu} is in no layer`)
      else if (tl <= fl) out.push(`${from} → ${to} (${fu} may not import ${tu})`)
      else if (tu !== null && PUBLIC_SURFACES[tu] && to !== PUBLIC_SURFACES[tu]) out.push(`${from} → ${to} (use ${PUBLIC_SURFACES[tu]})`)
    }
  }
  return out
}

/**
 * The import cycles of a graph (its strongly connected components with more than one node, or a node
 * importing itself), each as a sorted list of nodes.
 * @example
 * cycles(new Map([['a', ['b']], ['b', ['a']]])) // [['a', 'b']]
 */
export function cycles(graph: Graph): string[][] {
  let index = 0
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const out: string[][] = []
  const visit = (v: string) => {
    idx.set(v, index)
    low.set(v, index++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort())
    }
  }
  for (const v of graph.keys()) if (!idx.has(v)) visit(v)
  return out
}

/**
 * The graph between units (folders and top-level files of `dir`), for folder-level cycles.
 * @example
 * unitGraph(importGraph(root, 'worker')).get('db') // ['http', 'scoring', …]
 */
export function unitGraph(graph: Graph, dir = 'worker'): Graph {
  const out: Graph = new Map()
  for (const [from, targets] of graph) {
    const fu = unitOf(from, dir)
    if (fu === null) continue
    const set = new Set(out.get(fu) ?? [])
    for (const t of targets) {
      const tu = unitOf(t, dir)
      if (tu !== null && tu !== fu) set.add(tu)
    }
    out.set(fu, [...set])
  }
  return out
}
