/** Measured inputs (bench/platform-figures.json). */
export interface Figures {
  eventsPerSec: number
  cpuMsPerRequest: number
  cpuMsPerRequestLongHistory?: number | null
  d1: { rowsWrittenPerEvent: number; rowsReadPerEvent: number }
  storage: { bytesPerEvent: number; bytesPerVisitor: number; bytesPerLead: number }
}
export interface Assumptions {
  eventsPerVisit: number
  visits: number
  identified: number
  batch: number
  retentionDays: number
  peak: number
}
interface PlanLimits {
  byQuota: Record<string, number>
  visitorsPerMonth: number
  binding: string
}
export const QUOTAS: {
  free: Record<string, number>
  paid: Record<string, number>
  paidOverage: Record<string, number>
}
export function simulate(
  f: Figures,
  a: Assumptions,
): {
  perVisitor: { events: number; requests: number; rowsWritten: number; rowsRead: number; cpuMs: number; bytes: number }
  free: PlanLimits
  paid: PlanLimits
  freeCpuFits: boolean
  oneDb: { eventsPerMonthAtPeak: number; visitorsPerMonthAtPeak: number; visitorsPerMonthStorage10GB: number }
  paidCostPerMillionVisitorsUsd: number
  aggregatesOnly: { rowsWrittenPerVisitor: number; visitorsPerMonthPaidWrites: number; visitorsPerMonthStorage10GB: number }
}
