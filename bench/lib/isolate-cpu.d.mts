import type { CpuProfile } from './cpu-profile.mjs'

/** Sampled time in JavaScript and GC of one profile, in ms (idle and "(program)" left out). */
export function busyMs(profile: CpuProfile): number
/** Median JS+GC ms per request over `slices` profiled phases of one Worker. */
export function isolateCpu(inspectorPort: number, phase: (i: number) => Promise<{ requests: number }>, slices?: number): Promise<{ msPerRequest: number | null; slices: number[] }>
/** Several Workers profiled slice by slice in turn. */
export function cpuRounds<K extends string>(
  targets: Record<K, { inspectorPort: number; phase: (i: number) => Promise<{ requests: number }> }>,
  slices?: number,
): Promise<Record<K, { msPerRequest: number | null; slices: number[] }>>
