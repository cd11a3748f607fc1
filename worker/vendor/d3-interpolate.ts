// Stands in for d3-interpolate in the deployed bundle (wrangler.toml `[alias]`). d3-scale's continuous
// scales import its `interpolate`, which handles colours, strings, dates and objects too and so brings
// all of d3-color: 16 KiB for charts whose ranges are always pixel numbers. These are d3's own number
// interpolators (same arithmetic, test/unit/bundle/d3-stand-ins.test.ts compares them); anything that
// is not a number is refused rather than interpolated differently.

type Interpolator = (t: number) => number

export function interpolateNumber(a: number, b: number): Interpolator {
  const x = +a
  const y = +b
  return (t) => x * (1 - t) + y * t
}

export function interpolateRound(a: number, b: number): Interpolator {
  const x = +a
  const y = +b
  return (t) => Math.round(x * (1 - t) + y * t)
}

/** d3's `interpolate` for the values a chart range holds: numbers (and null/booleans, held constant). */
export function interpolate(a: unknown, b: unknown): (t: number) => unknown {
  if (b == null || typeof b === 'boolean') return () => b
  if (typeof b === 'number') return interpolateNumber(a as number, b)
  throw new TypeError(`the Worker's d3-interpolate interpolates numbers only, not ${typeof b}`)
}

export function piecewise(fn: (a: unknown, b: unknown) => (t: number) => unknown, values?: unknown[]): (t: number) => unknown {
  let f = fn
  let vs = values
  if (vs === undefined) {
    vs = fn as unknown as unknown[]
    f = interpolate
  }
  const n = vs.length - 1
  const parts: ((t: number) => unknown)[] = []
  for (let i = 0; i < n; i++) parts.push(f(vs[i], vs[i + 1]))
  return (t) => {
    const tn = t * n
    const i = Math.max(0, Math.min(n - 1, Math.floor(tn)))
    return parts[i](tn - i)
  }
}
