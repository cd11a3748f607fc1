/**
 * Generates the OpenAPI document of every route; writes worker/generated/openapi.ts unless write is false.
 * @example
 * const { json } = await buildOpenApi({ write: false })
 */
export function buildOpenApi(opts?: { write?: boolean }): Promise<{ json: string; bytes: number }>
