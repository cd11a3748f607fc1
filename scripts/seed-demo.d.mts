export interface DemoPerson {
  email: string
  kind: string
  visits: Record<string, unknown>[][]
}
export function demoPeople(now: number): DemoPerson[]
export function seedDemo(base: string, now?: number): Promise<number>
export function seedDemoSite(
  base: string,
  opts?: { now?: number; fetch?: (input: string, init?: RequestInit) => Promise<Response> },
): Promise<{ leads: number; stored: number; decided: number }>
export function seedWhenUp(base: string): Promise<void>
