import type { Env } from '../env'
import type { Scope } from './can'
import type { SessionKey } from './session'

/** Variables the app's middleware sets. */
export interface WebVars {
  /** the signed-in key (absent on the sign-in page and on lead-link views) */
  session?: SessionKey
  scope?: Scope
}

export type WebEnv = { Bindings: Env; Variables: WebVars }
