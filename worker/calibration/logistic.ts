/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) on standardised features.
 * No library on the stack does this and the problem is small (thousands of rows, tens to a few hundred
 * features), so a dense Newton solve converges in a handful of steps and is exact enough to test.
 */

/**
 * A fitted model on the ORIGINAL feature scale: logit(p) = intercept + Σ coef[j] · x[j].
 * @example
 * const fit: LogisticFit = fitLogistic(x, y) // fit.coef[j] is the log-odds per unit of feature j
 */
export interface LogisticFit {
  intercept: number
  coef: number[]
  /** Newton iterations used */
  iterations: number
  /** true when the step size fell under the tolerance before maxIter */
  converged: boolean
}

/**
 * Fitting options.
 * @example
 * fitLogistic(x, y, { lambda: 10, maxIter: 100 })
 */
export interface LogisticOptions {
  /** L2 strength on the standardised coefficients (not on the intercept); default 1 */
  lambda?: number
  maxIter?: number
  /** stop when the largest coefficient change is below this; default 1e-8 */
  tol?: number
}

/**
 * Fits P(y = 1 | x) = σ(b + w·x). Features are centred and scaled to unit variance before fitting
 * (so one λ treats "seconds on site" and "visited pricing" alike); constant columns get a zero
 * coefficient. Coefficients are returned on the original scale.
 * @example
 * const fit = fitLogistic([[0], [1], [2], [3]], [false, false, true, true], { lambda: 0.1 })
 * predictProbability(fit, [3]) > predictProbability(fit, [0]) // → true
 */
export function fitLogistic(x: readonly number[][], y: readonly boolean[], opts: LogisticOptions = {}): LogisticFit {
  const n = x.length
  if (n !== y.length) throw new Error('fitLogistic: x and y differ in length')
  if (n === 0) throw new Error('fitLogistic: no rows')
  const d = x[0].length
  const lambda = opts.lambda ?? 1
  const maxIter = opts.maxIter ?? 50
  const tol = opts.tol ?? 1e-8

  const mean = new Array<number>(d).fill(0)
  const sd = new Array<number>(d).fill(0)
  for (const row of x) for (let j = 0; j < d; j++) mean[j] += row[j] / n
  for (const row of x) for (let j = 0; j < d; j++) sd[j] += (row[j] - mean[j]) ** 2 / n
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j])
  const live = Array.from({ length: d }, (_, j) => j).filter((j) => sd[j] > 1e-12)
  const m = live.length + 1 // parameter 0 is the intercept
  const z = x.map((row) => [1, ...live.map((j) => (row[j] - mean[j]) / sd[j])])
  const t: number[] = y.map((v) => (v ? 1 : 0))

  let beta = new Array<number>(m).fill(0)
  const positives = t.reduce((a, b) => a + b, 0)
  // Start at the base rate: the first Newton step is then well-behaved even for rare outcomes.
  beta[0] = Math.log((positives + 0.5) / (n - positives + 0.5))
  let loss = penalisedLoss(z, t, beta, lambda)
  let iterations = 0
  let converged = false
  for (; iterations < maxIter && !converged; iterations++) {
    const grad = new Array<number>(m).fill(0)
    const hess = Array.from({ length: m }, () => new Array<number>(m).fill(0))
    for (let i = 0; i < n; i++) {
      const zi = z[i]
      const p = sigmoid(dot(zi, beta))
      const r = p - t[i]
      const w = Math.max(p * (1 - p), 1e-12)
      for (let a = 0; a < m; a++) {
        grad[a] += r * zi[a]
        const wa = w * zi[a]
        for (let b = 0; b <= a; b++) hess[a][b] += wa * zi[b]
      }
    }
    for (let a = 1; a < m; a++) {
      grad[a] += lambda * beta[a]
      hess[a][a] += lambda
    }
    for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) hess[a][b] = hess[b][a]
    const step = solveSpd(hess, grad)
    // Step halving keeps Newton monotone when the data are (nearly) separable.
    let scale = 1
    let next = beta
    let nextLoss = loss
    for (let k = 0; k < 30; k++) {
      next = beta.map((v, a) => v - scale * step[a])
      nextLoss = penalisedLoss(z, t, next, lambda)
      if (nextLoss <= loss + 1e-12) break
      scale /= 2
    }
    const change = Math.max(...step.map((s) => Math.abs(s * scale)))
    beta = next
    loss = nextLoss
    if (change < tol) converged = true
  }

  const coef = new Array<number>(d).fill(0)
  let intercept = beta[0]
  live.forEach((j, k) => {
    coef[j] = beta[k + 1] / sd[j]
    intercept -= coef[j] * mean[j]
  })
  return { intercept, coef, iterations, converged }
}

/**
 * The fitted probability for one feature row (original scale).
 * @example
 * predictProbability({ intercept: 0, coef: [1], iterations: 1, converged: true }, [0]) // → 0.5
 */
export function predictProbability(fit: LogisticFit, row: readonly number[]): number {
  return sigmoid(fit.intercept + dot(fit.coef, row))
}

/**
 * The logistic function, computed without overflow for large |x|.
 * @example
 * sigmoid(0) // → 0.5
 */
export function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v))
  const e = Math.exp(v)
  return e / (1 + e)
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i] * b[i]
  return s
}

function penalisedLoss(z: number[][], t: number[], beta: number[], lambda: number): number {
  let loss = 0
  for (let i = 0; i < z.length; i++) {
    const v = dot(z[i], beta)
    // log(1 + e^v) − t·v, written to stay finite for large |v|
    loss += (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v))) - t[i] * v
  }
  for (let a = 1; a < beta.length; a++) loss += (lambda / 2) * beta[a] ** 2
  return loss
}

/** Solves A s = g for symmetric positive-definite A by Cholesky, adding jitter if A is near-singular. */
function solveSpd(a: number[][], g: number[]): number[] {
  const m = g.length
  for (let jitter = 0; ; jitter = jitter === 0 ? 1e-10 : jitter * 100) {
    const l = Array.from({ length: m }, () => new Array<number>(m).fill(0))
    let ok = true
    for (let i = 0; i < m && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = a[i][j] + (i === j ? jitter : 0)
        for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k]
        if (i === j) {
          if (s <= 0) ok = false
          else l[i][i] = Math.sqrt(s)
        } else l[i][j] = s / l[j][j]
      }
    }
    if (!ok) {
      if (jitter > 1e6) throw new Error('fitLogistic: singular system')
      continue
    }
    const u = new Array<number>(m).fill(0)
    for (let i = 0; i < m; i++) {
      let s = g[i]
      for (let k = 0; k < i; k++) s -= l[i][k] * u[k]
      u[i] = s / l[i][i]
    }
    const s = new Array<number>(m).fill(0)
    for (let i = m - 1; i >= 0; i--) {
      let v = u[i]
      for (let k = i + 1; k < m; k++) v -= l[k][i] * s[k]
      s[i] = v / l[i][i]
    }
    return s
  }
}
