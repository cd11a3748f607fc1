import type { CpuProfile } from './cpu-profile.mjs'

/** JavaScript and GC samples of one profile, each at most `capUs` (default: the sampling interval), in ms. */
export function busyMs(profile: CpuProfile, capUs?: number): number
/** Median JS+GC ms per request over `slices` profiled phases of one Worker. */
export function isolateCpu(inspector: number | string, phase: (i: number) => Promise<{ requests: number }>, slices?: number): Promise<{ msPerRequest: number | null; slices: number[] }>
/** Several Workers profiled slice by slice in turn. */
export function cpuRounds<K extends string>(
  targets: Record<K, { inspector: number | string; phase: (i: number) => Promise<{ requests: number }> }>,
  slices?: number,
): Promise<Record<K, { msPerRequest: number | null; slices: number[]; uncappedMsPerRequest: number | null }>>
