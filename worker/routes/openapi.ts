import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { AppEnv } from '../env'
import { requireAdmin, requireApiKey, requireScope } from './auth'
import { ACTIONS, type Action } from '../http/scopes'
import { describeIssues, ProblemError } from '../http/problem'

/**
 * A sub-app whose zod-validated routes also feed /openapi.json. Validation failures become a 400
 * problem+json naming the fields, never Hono's default body.
 * @example
 * const leadsRoutes = api()
 * leadsRoutes.openapi(listLeadsRoute, (c) => c.json(page, 200))
 */
export const api = () =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const detail = describeIssues(result.error)
        throw new ProblemError(400, detail || 'invalid request', { type: 'invalid-request' })
      }
    },
  })

/**
 * A zod schema's JSON Schema as text, for a description in the OpenAPI document. Only the build-time
 * generator (scripts/build-openapi.mjs: Node, the real zod) reads descriptions; the deployed Worker has
 * no JSON Schema converter (worker/vendor/zod-json-schema.ts) and keeps no descriptions, so there it is ''.
 * @example
 * z.any().openapi({ description: `a row: ${jsonSchemaText(Row)}` })
 */
export function jsonSchemaText(schema: z.ZodType): string {
  try {
    return JSON.stringify(z.toJSONSchema(schema))
  } catch (err) {
    if (err instanceof Error && err.message.startsWith("zod's JSON Schema conversion is not in the Worker bundle")) return ''
    throw err
  }
}

/** The problem+json schema, for documenting error responses. */
export const ProblemSchema = z
  .object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string() })
  .openapi('Problem')

/**
 * Standard error responses for a route's `responses`.
 * @example
 * const responses = { 200: okResponse, ...errors(400, 401, 404) }
 */
export function errors(...codes: number[]) {
  const out: Record<number, { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }> = {}
  for (const c of codes) out[c] = { description: `problem (${c})`, content: { 'application/problem+json': { schema: ProblemSchema } } }
  return out
}

/** Bearer security, as referenced from routes. */
export const bearerSecurity = [{ bearer: [] as string[] }]

/**
 * What every marketer route spreads into its `createRoute`: documented bearer auth, enforced by
 * `requireApiKey` (the key's site only) and the scope the action needs (http/scopes.ts).
 * @example
 * createRoute({ method: 'get', path: '/api/v1/leads', ...keyAuth('leads.read'), responses })
 */
export const keyAuth = (action: Action) => ({
  security: bearerSecurity,
  middleware: [requireApiKey, requireScope(action)],
  'x-scope': ACTIONS[action],
})

/** The same for operator routes (`ADMIN_TOKEN`). */
export const operatorAuth = { security: bearerSecurity, middleware: [requireAdmin] }
