export function ensureDevVars(opts?: { dir?: string; token?: () => string }): {
  created: boolean
  addedEnvironment: boolean
  adminToken: string | undefined
  environment: string | undefined
}
