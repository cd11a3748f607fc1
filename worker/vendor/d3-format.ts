// Stands in for d3-format in the deployed bundle (wrangler.toml `[alias]`; the `worker` tests apply it
// too). d3-scale imports it for the tick labels of its number scales (`tickFormat` of linear, log, pow
// scales); the app labels number ticks itself and asks only its time scale for a format (which uses
// d3-time-format), so number formatting — a locale, a specifier parser, SI prefixes: 5 KB — is left
// out. Calling it is an error naming why, never a wrong label.

const LEFT_OUT = 'number formatting (d3-format) is not in the Worker bundle: label number ticks with String() or toFixed()'

function leftOut(): never {
  throw new Error(LEFT_OUT)
}

export const format: (specifier: string) => (n: number) => string = leftOut
export const formatPrefix: (specifier: string, value: number) => (n: number) => string = leftOut
export const formatSpecifier: (specifier: string) => never = leftOut
export const precisionFixed: (step: number) => number = leftOut
export const precisionPrefix: (step: number, value: number) => number = leftOut
export const precisionRound: (step: number, max: number) => number = leftOut
