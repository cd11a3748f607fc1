import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { groupCpuMs } from '../lib/cpu-time.mjs'

describe('process group CPU time', () => {
  it.runIf(process.platform === 'linux')('counts the CPU this process burns', () => {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    const pgid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2])
    const before = groupCpuMs(pgid)!
    // Burn 300 ms of this process's own CPU time (not wall time), then look again.
    const start = process.cpuUsage()
    let x = 0
    while (process.cpuUsage(start).user < 300_000) x += Math.sqrt(x + 1)
    expect(x).toBeGreaterThan(0)
    expect(groupCpuMs(pgid)! - before).toBeGreaterThanOrEqual(250)
  })

  it('finds nothing for a group no process is in', () => {
    expect(groupCpuMs(2 ** 30)).toBe(process.platform === 'linux' ? 0 : null)
  })
})
