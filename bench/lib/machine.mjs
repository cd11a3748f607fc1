// What the figures were measured on: they mean little without the machine and the load it carried.
import { readFileSync } from 'node:fs'
import { cpus, loadavg, release, totalmem, type } from 'node:os'

const version = (pkg) => {
  try {
    return JSON.parse(readFileSync(`node_modules/${pkg}/package.json`, 'utf8')).version
  } catch {
    return null
  }
}

/**
 * The machine and toolchain, plus the load average (1 min) when called: a shared machine's other work
 * shows up here.
 * @example
 * machine() // { cpu: 'AMD EPYC', cores: 2, memGiB: 23.5, os: 'Linux 6.1', node: 'v20.20.2', … }
 */
export function machine() {
  const c = cpus()
  return {
    cpu: c[0]?.model?.trim() ?? 'unknown',
    cores: c.length,
    memGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    wrangler: version('wrangler'),
    workerd: version('workerd'),
    load1: Math.round(loadavg()[0] * 100) / 100,
  }
}
