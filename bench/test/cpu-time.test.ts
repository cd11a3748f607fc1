import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { groupCpuMs } from '../lib/cpu-time.mjs'

describe('process group CPU time', () => {
  // A process group of its own: the test runner's group also holds processes that come and go (workerd),
  // and a process that ends takes its CPU time out of the group's sum.
  it.runIf(process.platform === 'linux')('counts the CPU a process group burns', async () => {
    const burn = `process.stdin.once('data', () => {
      const start = process.cpuUsage(); let x = 0
      while (process.cpuUsage(start).user < 300000) x += Math.sqrt(x + 1)
      process.stdout.write('done ' + (x > 0))
    })`
    const child = spawn(process.execPath, ['-e', burn], { detached: true, stdio: ['pipe', 'pipe', 'inherit'] })
    try {
      await new Promise((r) => child.once('spawn', r))
      const pgid = child.pid!
      const before = groupCpuMs(pgid)!
      // Burn 300 ms of the child's own CPU time (not wall time), then look again while it still lives.
      const done = new Promise<string>((r) => child.stdout!.once('data', (d) => r(String(d))))
      child.stdin!.write('go\n')
      expect(await done).toBe('done true')
      expect(groupCpuMs(pgid)! - before).toBeGreaterThanOrEqual(250)
    } finally {
      child.kill()
    }
    // 300 ms of CPU takes seconds of wall time on a busy machine
  }, 60_000)

  it('finds nothing for a group no process is in', () => {
    expect(groupCpuMs(2 ** 30)).toBe(process.platform === 'linux' ? 0 : null)
  })
})
