// Stands in for d3-shape in the deployed bundle (wrangler.toml `[alias]`): its `line` with the linear
// curve, which is all the charts draw. d3-shape ships as one module whose curve and symbol tables are
// built when it loads, so bundlers cannot drop them: 16 KiB for one function. This is d3-shape 3.2.1's
// own `line` and `curveLinear` (ISC licence, Copyright 2010-2026 Mike Bostock), typed; the path is
// still d3-path's. test/unit/bundle/stand-ins.test.ts draws the same paths with both. Importing any
// other d3-shape export fails the bundle build, never a chart at run time.
import { type Path, path, pathRound } from 'd3-path'

type Accessor<D, R> = (d: D, i: number, data: D[]) => R
interface PathContext {
  moveTo(x: number, y: number): void
  lineTo(x: number, y: number): void
  closePath(): void
}
interface CurveOutput {
  lineStart(): void
  lineEnd(): void
  point(x: number, y: number): void
}

const constant =
  <T>(x: T) =>
  (): T =>
    x

class Linear implements CurveOutput {
  private _line = Number.NaN
  private _point = 0
  constructor(private readonly _context: PathContext) {}
  areaStart(): void {
    this._line = 0
  }
  areaEnd(): void {
    this._line = Number.NaN
  }
  lineStart(): void {
    this._point = 0
  }
  lineEnd(): void {
    if (this._line || (this._line !== 0 && this._point === 1)) this._context.closePath()
    this._line = 1 - this._line
  }
  point(x: number, y: number): void {
    switch (this._point) {
      case 0:
        this._point = 1
        if (this._line) this._context.lineTo(+x, +y)
        else this._context.moveTo(+x, +y)
        break
      case 1:
        this._point = 2
        this._context.lineTo(+x, +y)
        break
      default:
        this._context.lineTo(+x, +y)
    }
  }
}

export function curveLinear(context: PathContext): CurveOutput {
  return new Linear(context)
}

/** d3-shape's `line()`: `.x()`, `.y()`, `.defined()`, `.digits()`, `.context()`, the linear curve. */
export function line<D = [number, number]>(x?: Accessor<D, number> | number, y?: Accessor<D, number> | number) {
  let defined: Accessor<D, boolean> = constant(true)
  let context: PathContext | null = null
  let output: CurveOutput | null = null
  let digits: number | null = 3
  let fx: Accessor<D, number> = typeof x === 'function' ? x : x === undefined ? (p) => (p as unknown as number[])[0] : constant(x)
  let fy: Accessor<D, number> = typeof y === 'function' ? y : y === undefined ? (p) => (p as unknown as number[])[1] : constant(y)

  function shape(data: Iterable<D>): string | null | undefined {
    const list = typeof data === 'object' && 'length' in data ? (data as D[]) : Array.from(data)
    const n = list.length
    let buffer: Path | undefined
    let defined0 = false
    if (context == null) {
      buffer = digits == null ? path() : pathRound(digits)
      output = curveLinear(buffer)
    }
    const out = output as CurveOutput
    for (let i = 0; i <= n; ++i) {
      const d = list[i]
      if (!(i < n && defined(d, i, list)) === defined0) {
        defined0 = !defined0
        if (defined0) out.lineStart()
        else out.lineEnd()
      }
      if (defined0) out.point(+fx(d, i, list), +fy(d, i, list))
    }
    if (buffer) {
      output = null
      return `${buffer}` || null
    }
    return undefined
  }

  // d3's accessors: with an argument they set and return the generator, without one they read
  const api = Object.assign(shape, {
    x(...args: [Accessor<D, number> | number] | []) {
      if (args.length === 0) return fx
      const f = args[0]
      fx = typeof f === 'function' ? f : constant(+f)
      return api
    },
    y(...args: [Accessor<D, number> | number] | []) {
      if (args.length === 0) return fy
      const f = args[0]
      fy = typeof f === 'function' ? f : constant(+f)
      return api
    },
    defined(...args: [Accessor<D, boolean> | boolean] | []) {
      if (args.length === 0) return defined
      const f = args[0]
      defined = typeof f === 'function' ? f : constant(!!f)
      return api
    },
    digits(...args: [number | null] | []) {
      if (args.length === 0) return digits
      const d = args[0]
      if (d == null) digits = null
      else {
        const k = Math.floor(d)
        if (!(k >= 0)) throw new RangeError(`invalid digits: ${d}`)
        digits = k
      }
      return api
    },
    context(...args: [PathContext | null] | []) {
      if (args.length === 0) return context
      context = args[0] ?? null
      output = context == null ? null : curveLinear(context)
      return api
    },
  })
  return api
}
