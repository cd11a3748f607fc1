export const DEMO_SITE_KEY: string
export const DEMO_API_KEY: string
export function demoSeedSql(): string
