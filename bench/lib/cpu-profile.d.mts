/** A V8 CPU profile as the DevTools protocol returns it (the fields used here). */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}
/** The sampling interval of every profile the bench takes, in µs. */
export const SAMPLE_INTERVAL_US: number
/** Self time folded by module and by function, in ms, biggest first. */
export interface ProfileSummary {
  totalMs: number
  busyMs: number
  byModule: [string, number][]
  byFunction: [string, number][]
}
/**
 * Samples the Worker's CPU while `during` runs.
 */
export function profileWhile<T>(inspector: number | string, during: () => Promise<T>, opts?: { intervalUs?: number; timeoutMs?: number }): Promise<{ profile: CpuProfile; value: T }>
/**
 * `profileWhile`, retaken (up to `tries` in all) when the inspector does not answer.
 */
export function profileRetrying<T>(
  inspector: number | string,
  during: () => Promise<T>,
  opts?: { intervalUs?: number; timeoutMs?: number; tries?: number; log?: (m: string) => void },
): Promise<{ profile: CpuProfile; value: T }>
/**
 * Folds a profile into self time per module (via esbuild's `// path` markers) and per function.
 */
export function summarise(profile: CpuProfile, bundleSource: string, capUs?: number): ProfileSummary
/**
 * Reads a bundle's text.
 */
export function bundleText(file: string): string
