// CPU time a server's process group has used (Linux /proc): unlike wall-clock latency, it does not
// grow when other work on the machine takes the cores, so it compares two Workers fairly.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

let ticks = null
const clockTicks = () => {
  if (ticks === null) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      ticks = 100
    }
  }
  return ticks
}

/**
 * User + system CPU ms used so far by every process in process group `pgid` (wrangler, workerd and
 * the local D1 inside it); null where /proc is not available.
 * @example
 * const before = groupCpuMs(server.pid); await load(); const used = groupCpuMs(server.pid) - before
 */
export function groupCpuMs(pgid) {
  let pids
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d))
  } catch {
    return null
  }
  let total = 0
  for (const pid of pids) {
    let stat
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    } catch {
      continue // the process ended meanwhile
    }
    // Fields after the parenthesised command name: state(3) ppid(4) pgrp(5) … utime(14) stime(15).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (Number(f[2]) !== pgid) continue
    total += Number(f[11]) + Number(f[12])
  }
  return (total * 1000) / clockTicks()
}
