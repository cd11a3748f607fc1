/**
 * User + system CPU ms used so far by every process in a process group; null without /proc.
 * @example
 * groupCpuMs(server.pid)
 */
export function groupCpuMs(pgid: number): number | null
