// Stands in for @asteasolutions/zod-to-openapi in the deployed bundle (wrangler.toml `[alias]`).
// @hono/zod-openapi imports it for three things: a registry that collects route definitions, the
// generators that turn them into a document, and `.openapi()` on zod schemas. The Worker serves the
// document generated at build time (scripts/build-openapi.mjs, with the real library), so at run time
// the routes need only validation: the registry records nothing, `.openapi()` keeps the schema as it
// is (its metadata only ever feeds the document), and asking for a document is an error.

const GENERATED = 'the OpenAPI document is generated at build time (scripts/build-openapi.mjs); it is served from public/openapi.json'

/** Records nothing: the routes' definitions matter only to the build-time generator. */
export class OpenAPIRegistry {
  readonly definitions: never[] = []
  register<T>(_refId: string, schema: T): T {
    return schema
  }
  registerParameter<T>(_refId: string, schema: T): T {
    return schema
  }
  registerPath(_route: unknown): void {}
  registerWebhook(_webhook: unknown): void {}
  registerComponent(_type: string, name: string, component: unknown): { name: string; ref: { $ref: string }; component: unknown } {
    return { name, ref: { $ref: `#/components/${_type}/${name}` }, component }
  }
}

class NoGenerator {
  generateDocument(): never {
    throw new Error(GENERATED)
  }
}
export class OpenApiGeneratorV3 extends NoGenerator {}
export class OpenApiGeneratorV31 extends NoGenerator {}
export class OpenApiGeneratorV32 extends NoGenerator {}

/** `.openapi(…)` returns the schema itself: validation never reads the documentation metadata. */
export function extendZodWithOpenApi(zod: { ZodType: { prototype: object } }): void {
  const proto = zod.ZodType.prototype as { openapi?: unknown }
  if (proto.openapi === undefined) {
    proto.openapi = function (this: unknown) {
      return this
    }
  }
}

export function getOpenApiMetadata(_schema: unknown): Record<string, never> {
  return {}
}
