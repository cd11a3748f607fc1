/**
 * The one place that decides what a viewer of the app may do. A signed-in key may do in the app exactly
 * what it may do through the API: each app action is one of the API's actions, and `http/scopes.ts`
 * (the contract's scope table) decides. A lead link (from an alert) is its own scope that may only
 * view the one lead it names.
 */
import { type Action as ApiAction, type Scope as KeyScope, isScope, scopeAllows } from '../http/scopes'

export type Scope = KeyScope | 'lead-link'

export type Action =
  | 'view' // hot leads, lead pages, accounts, the scoring model
  | 'sales' // accept, disqualify, recycle, won/lost
  | 'erase'
  | 'scoring' // read the model
  | 'scoring:write' // dry run, save the model, run and apply calibration (all admin in the API)
  | 'settings' // site settings, alert channels, test alert
  | 'keys'

/** The API action each app action stands for. */
const AS_API: Record<Action, ApiAction> = {
  view: 'leads.read',
  sales: 'leads.update',
  erase: 'leads.erase',
  scoring: 'scoring.read',
  'scoring:write': 'scoring.update',
  settings: 'site.update',
  keys: 'keys.manage',
}

/**
 * Whether `scope` allows `action`.
 * @example
 * can('admin', 'erase') // true
 * can('read', 'sales') // false
 * can('lead-link', 'sales') // false
 */
export function can(scope: Scope, action: Action): boolean {
  if (scope === 'lead-link') return false
  return scopeAllows(scope, AS_API[action])
}

/**
 * The scope of an API key row; anything not a known scope is the least one.
 * @example
 * scopeOfKey({ scope: 'write' }) // 'write'
 */
export function scopeOfKey(row: { scope?: string | null }): KeyScope {
  return isScope(row.scope) ? row.scope : 'read'
}
