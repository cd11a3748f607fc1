import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ZodError } from 'zod'

/** An RFC 9457 problem document. */
export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  [extra: string]: unknown
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/**
 * Throw this from anywhere below a route: the app's error handler turns it into problem+json.
 * @example
 * throw new ProblemError(404, 'lead not found', { type: 'not-found' })
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extra: { type?: string; headers?: Record<string, string>; [k: string]: unknown } = {},
  ) {
    super(detail)
  }
}

/**
 * The one place an `application/problem+json` response is made. Never includes a stack or internals.
 * @example
 * const res = problem(400, 'body is not JSON', { type: 'invalid-json' })
 */
export function problem(
  status: number,
  detail: string,
  extra: { type?: string; headers?: Record<string, string>; [k: string]: unknown } = {},
): Response {
  const { type, headers, ...rest } = extra
  const body: Problem = {
    type: `https://leadbeacon.dev/problems/${type ?? String(status)}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...rest,
  }
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  })
}

/**
 * Hono `onError`: known errors keep their status; anything unexpected is logged and answered with a
 * generic problem that leaks nothing.
 * @example
 * app.onError(onError)
 */
export function onError(err: Error, c: Context): Response {
  if (err instanceof ProblemError) return problem(err.status, err.detail, err.extra)
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode
    return problem(status, status === 400 ? 'malformed request' : err.message || (TITLES[status] ?? 'error'))
  }
  console.error('unhandled', c.req.method, c.req.path, err)
  return problem(500, 'an internal error occurred; it has been logged')
}

/**
 * Turns a zod error into one readable sentence for a problem's `detail` (at most five issues; `whole`
 * names the value itself when an issue has no path).
 * @example
 * describeIssues(r.error) // "e.0.p: a path starts with /; e.1.t: Invalid input"
 */
export function describeIssues(err: ZodError, whole = '(body)'): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || whole}: ${i.message}`)
    .join('; ')
}
