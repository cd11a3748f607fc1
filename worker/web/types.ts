import type { Env } from '../env'
import type { Scope } from './can'

/** The API key a session stands for. */
export interface SessionKey {
  keyId: string
  keyName: string
  siteId: string
  siteName: string
  scope: 'read' | 'write' | 'admin'
}

/** Variables the app's middleware sets. */
export interface WebVars {
  /** the signed-in key (absent on the sign-in page and on lead-link views) */
  session?: SessionKey
  scope?: Scope
}

export type WebEnv = { Bindings: Env; Variables: WebVars }
