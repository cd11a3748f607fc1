/**
 * User + system CPU ms used so far by every process in a process group; null without /proc.
 */
export function groupCpuMs(pgid: number): number | null
