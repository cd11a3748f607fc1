// Stands in for zod's JSON Schema converter in the deployed bundle (wrangler.toml `[alias]` of the two
// relative paths zod's classic schemas import it by). Every zod type carries a JSON Schema processor,
// so the converter (~21 KiB) came with the first schema; but the Worker never converts at run time: the
// OpenAPI document is generated at build time, in Node, with the real one (scripts/build-openapi.mjs).
// Here each entry point refuses clearly instead. test/unit/bundle/stand-ins.test.ts keeps the names
// in step with zod's modules.

const ABSENT = "zod's JSON Schema conversion is not in the Worker bundle (the OpenAPI document is generated at build time)"

function absent(): never {
  throw new Error(ABSENT)
}

// json-schema-processors.js
export const aggregateChecks = absent
export const toJSONSchema = absent
export const allProcessors: Record<string, typeof absent> = {}
export const anyProcessor = absent
export const arrayProcessor = absent
export const bigintProcessor = absent
export const booleanProcessor = absent
export const catchProcessor = absent
export const customProcessor = absent
export const dateProcessor = absent
export const defaultProcessor = absent
export const enumProcessor = absent
export const fileProcessor = absent
export const functionProcessor = absent
export const intersectionProcessor = absent
export const lazyProcessor = absent
export const literalProcessor = absent
export const mapProcessor = absent
export const nanProcessor = absent
export const neverProcessor = absent
export const nonoptionalProcessor = absent
export const nullProcessor = absent
export const nullableProcessor = absent
export const numberProcessor = absent
export const objectProcessor = absent
export const optionalProcessor = absent
export const pipeProcessor = absent
export const prefaultProcessor = absent
export const promiseProcessor = absent
export const readonlyProcessor = absent
export const recordProcessor = absent
export const setProcessor = absent
export const stringProcessor = absent
export const successProcessor = absent
export const symbolProcessor = absent
export const templateLiteralProcessor = absent
export const transformProcessor = absent
export const tupleProcessor = absent
export const undefinedProcessor = absent
export const unionProcessor = absent
export const unknownProcessor = absent
export const voidProcessor = absent

// to-json-schema.js: the two method factories run as schemas are built, so they hand back a refusal
export const createToJSONSchemaMethod = (..._args: unknown[]) => absent
export const createStandardJSONSchemaMethod = (..._args: unknown[]) => absent
export const extractDefs = absent
export const finalize = absent
export const handleUnrepresentable = absent
export const initializeContext = absent
export const processSchema = absent
export { processSchema as process }
