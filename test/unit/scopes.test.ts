import { describe, expect, it } from 'vitest'
import { ACTIONS, SCOPES, scopeAllows } from '../../worker/http/scopes'

describe('scopeAllows', () => {
  it('read ⊂ write ⊂ admin, each action at its least scope', () => {
    for (const [action, need] of Object.entries(ACTIONS)) {
      const allowed = SCOPES.filter((s) => scopeAllows(s, action))
      expect(allowed[0], action).toBe(need)
      expect(allowed, action).toEqual(SCOPES.slice(SCOPES.indexOf(need)))
    }
  })

  it('the contract: read may not touch keys or the audit log; write adds lead PATCH, outcomes, import; erasure and export are admin', () => {
    expect(scopeAllows('read', 'leads.read')).toBe(true)
    expect(scopeAllows('read', 'keys.read')).toBe(false)
    expect(scopeAllows('read', 'audit.read')).toBe(false)
    expect(scopeAllows('read', 'leads.update')).toBe(false)
    expect(['leads.update', 'outcomes.write', 'import.write'].every((a) => scopeAllows('write', a))).toBe(true)
    expect(['leads.erase', 'leads.export', 'site.update', 'scoring.update', 'scoring.calibrate', 'keys.manage'].some((a) => scopeAllows('write', a))).toBe(false)
  })

  it('refuses unknown scopes, and treats unknown actions as admin-only', () => {
    expect(scopeAllows('owner', 'leads.read')).toBe(false)
    expect(scopeAllows('toString', 'leads.read')).toBe(false)
    expect(scopeAllows('write', 'something.new')).toBe(false)
    expect(scopeAllows('write', 'constructor')).toBe(false)
    expect(scopeAllows('admin', 'something.new')).toBe(true)
  })
})
