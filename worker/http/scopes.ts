/**
 * What an API key may do: the one policy every route (through the auth middleware) and the web app ask.
 * Pure, no imports. Scopes are ordered: `read` ⊂ `write` ⊂ `admin`; each action names the least scope
 * that may perform it.
 */

export const SCOPES = ['read', 'write', 'admin'] as const
export type Scope = (typeof SCOPES)[number]

/** Every action a key can attempt, with the least scope it needs. Unlisted means admin (deny by default). */
export const ACTIONS = {
  /** GET /api/v1/site */
  'site.read': 'read',
  /** PATCH /api/v1/site, resending the email confirmation, rotating the identity secret */
  'site.update': 'admin',
  /** GET /api/v1/keys */
  'keys.read': 'admin',
  /** POST, DELETE /api/v1/keys */
  'keys.manage': 'admin',
  /** GET /api/v1/leads (JSON and CSV), GET /api/v1/leads/{id}, its score history, accounts, the funnel */
  'leads.read': 'read',
  /** PATCH /api/v1/leads/{id} */
  'leads.update': 'write',
  /** DELETE /api/v1/leads/{id}, POST /api/v1/erasures */
  'leads.erase': 'admin',
  /** GET /api/v1/leads/{id}/export */
  'leads.export': 'admin',
  /** POST /api/v1/outcomes */
  'outcomes.write': 'write',
  /** POST /api/v1/import */
  'import.write': 'write',
  /** GET /api/v1/scoring, GET /api/v1/jobs/{id} */
  'scoring.read': 'read',
  /** PUT /api/v1/scoring (dry runs included) */
  'scoring.update': 'admin',
  /** POST /api/v1/scoring/calibrate (with or without apply) */
  'scoring.calibrate': 'admin',
  /** GET /api/v1/audit */
  'audit.read': 'admin',
} as const satisfies Record<string, Scope>

export type Action = keyof typeof ACTIONS

const RANK: Record<Scope, number> = { read: 0, write: 1, admin: 2 }

/**
 * Whether a key of `scope` may perform `action`. An unknown scope or action is refused.
 * @example
 * scopeAllows('read', 'leads.read') // → true
 * scopeAllows('write', 'keys.manage') // → false
 */
export function scopeAllows(scope: string, action: string): boolean {
  if (!Object.hasOwn(RANK, scope)) return false
  const need: Scope = Object.hasOwn(ACTIONS, action) ? ACTIONS[action as Action] : 'admin'
  return RANK[scope as Scope] >= RANK[need]
}

/**
 * Whether a string is one of the scopes.
 * @example
 * isScope('admin') // → true
 */
export const isScope = (s: unknown): s is Scope => typeof s === 'string' && (SCOPES as readonly string[]).includes(s)
