/**
 * The one place that decides what a viewer of the app may do. API keys carry no scope yet, so every
 * signed-in key is `admin`; when scopes arrive, `scopeOfKey` reads the key's and nothing else changes.
 * A lead link (from an alert) is its own scope that may only view the one lead it names.
 */

export type Scope = 'read' | 'write' | 'admin' | 'lead-link'

export type Action =
  | 'view' // hot leads, lead pages, accounts
  | 'sales' // accept, disqualify, recycle, won/lost
  | 'erase'
  | 'scoring' // read the model, dry run
  | 'scoring:write' // save the model, apply calibration
  | 'settings' // site settings, alert channels, test alert
  | 'keys'

const NEEDS: Record<Action, Exclude<Scope, 'lead-link'>> = {
  view: 'read',
  sales: 'write',
  erase: 'admin',
  scoring: 'read',
  'scoring:write': 'admin',
  settings: 'admin',
  keys: 'admin',
}
const RANK = { read: 1, write: 2, admin: 3 } as const

/**
 * Whether `scope` allows `action`.
 * @example
 * can('admin', 'erase') // true
 * can('lead-link', 'sales') // false
 */
export function can(scope: Scope, action: Action): boolean {
  if (scope === 'lead-link') return false
  return RANK[scope] >= RANK[NEEDS[action]]
}

/**
 * The scope of an API key row. Keys have no scope column yet: every key is admin, as the API treats it.
 * @example
 * scopeOfKey({ scope: undefined }) // 'admin'
 */
export function scopeOfKey(row: { scope?: string | null }): Exclude<Scope, 'lead-link'> {
  return row.scope === 'read' || row.scope === 'write' ? row.scope : 'admin'
}
