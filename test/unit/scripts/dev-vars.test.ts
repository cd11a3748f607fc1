import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ensureDevVars } from '../../../scripts/dev-vars.mjs'

// against the repo's real .dev.vars.example, in a scratch directory
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'devvars-'))
  copyFileSync('.dev.vars.example', join(dir, '.dev.vars.example'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))
const read = () => readFileSync(join(dir, '.dev.vars'), 'utf8')

describe('ensureDevVars', () => {
  it('makes .dev.vars from the example, with a fresh token and local mode', () => {
    expect(ensureDevVars({ dir, token: () => 'tok123' })).toEqual({ created: true, addedEnvironment: false, adminToken: 'tok123', environment: 'local' })
    expect(read()).toMatch(/^ADMIN_TOKEN=tok123$/m)
    expect(read()).toMatch(/^ENVIRONMENT=local$/m)
    expect(read()).not.toContain('change-me')
  })

  it('adds the missing mode line to a .dev.vars written before it existed, keeping everything else', () => {
    for (const old of ['ADMIN_TOKEN=mine\n', 'ADMIN_TOKEN=mine', '# comment\nADMIN_TOKEN=mine\nPUBLIC_URL=http://127.0.0.1:8787\n']) {
      writeFileSync(join(dir, '.dev.vars'), old)
      expect(ensureDevVars({ dir, token: () => 'unused' })).toEqual({ created: false, addedEnvironment: true, adminToken: 'mine', environment: 'local' })
      const now = read()
      expect(now.startsWith(old)).toBe(true)
      expect(now.split('\n').filter((l) => l.startsWith('ENVIRONMENT='))).toEqual(['ENVIRONMENT=local'])
      // a second run changes nothing
      expect(ensureDevVars({ dir }).addedEnvironment).toBe(false)
      expect(read()).toBe(now)
    }
  })

  it('leaves a mode the developer chose alone', () => {
    writeFileSync(join(dir, '.dev.vars'), 'ADMIN_TOKEN=mine\nENVIRONMENT=production\n')
    expect(ensureDevVars({ dir })).toEqual({ created: false, addedEnvironment: false, adminToken: 'mine', environment: 'production' })
    expect(read()).toBe('ADMIN_TOKEN=mine\nENVIRONMENT=production\n')
  })
})
