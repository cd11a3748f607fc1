/**
 * What an alert says: the lead as it was at the stage transition. Built once, stored in the outbox row's
 * `payload`, and rendered by every channel (Slack, email, webhook `data`), so a retry hours later still
 * describes the moment that mattered and all channels say the same thing. Pure: no clock, no I/O.
 */

import type { AlertStage, LeadStage } from '../../schema/lead-values'

export type { LeadStage }

/**
 * The alert payload (version 1). Times are ms since the epoch. Strings a visitor typed (name, company,
 * title, paths…) are stored raw here; every renderer escapes them for its own medium.
 * @example
 * const ctx: AlertContext = buildAlertContext({ site: { id: 's1', name: 'Acme' }, stage: 'sql', reengaged: false,
 *   at: 1_760_000_000_000, lead, breakdown: [], events: [], publicUrl: 'https://lb.example.com' })
 */
export interface AlertContext {
  alertVersion: 1
  site: { id: string; name: string }
  stage: AlertStage
  /** true when the lead went cold and came back after the site's cool-down */
  reengaged: boolean
  at: number
  lead: AlertLead
  /** the top reasons, points summed per rule, biggest first */
  reasons: { rule: string; points: number }[]
  /** the last pages, downloads and form submits, newest first */
  recent: AlertActivity[]
  account: AlertAccount | null
  leadUrl: string
  /** set on the one SLA reminder for an SQL lead nobody answered: how long it has waited */
  reminder?: { waitedHours: number }
  /**
   * false when the browser whose events caused the alert claimed the email without a valid hash:
   * anyone with the public site key could have sent it. Absent in payloads stored before it existed.
   */
  identityVerified?: boolean
}

export interface AlertLead {
  id: string
  email: string
  name: string | null
  company: string | null
  title: string | null
  score: number
  engagementScore: number
  fitScore: number
  grade: string
  stage: LeadStage
  firstSeenAt: number
  lastSeenAt: number
  /** first touch (absent in payloads stored before it existed) */
  source?: string | null
  medium?: string | null
  campaign?: string | null
}

export interface AlertActivity {
  type: string
  path?: string
  name?: string
  at: number
}

export interface AlertAccount {
  domain: string
  score: number
  /** other people of the same company with a positive score (the lead itself excluded) */
  engagedPeople: number
  /** the most engaged of them, highest score first */
  people: { name: string | null; email: string; title: string | null; score: number }[]
}

/** Plain inputs, as the ingest pipeline has them at hand after scoring. */
export interface AlertContextInput {
  site: { id: string; name: string }
  stage: AlertStage
  reengaged: boolean
  /** when the transition happened (ms) */
  at: number
  lead: AlertLead
  /** the engine's breakdown: every point's reason (many entries may share a rule) */
  breakdown: readonly { rule: string; points: number }[]
  /** the lead's events, any order; only pages, downloads and form submits are kept */
  events: readonly { type: string; path?: string | null; name?: string | null; at: number }[]
  /** the lead's account (company domain) and its people, the lead among them or not */
  account?: { domain: string; score: number; people: readonly AlertAccount['people'][number][] } | null
  /** the Worker's public origin (env.PUBLIC_URL); the lead link is built on it */
  publicUrl?: string
  /** the signed lead-link token the "Open lead" URL carries (see http/lead-link.ts) */
  leadToken?: string
  /** whether the claim that linked the acting browser to the lead carried a valid hash */
  identityVerified?: boolean
}

export const MAX_REASONS = 5
export const MAX_RECENT = 8
export const MAX_ACCOUNT_PEOPLE = 5
/** Where the local dev server listens (wrangler.toml [dev]) when PUBLIC_URL is unset. */
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:8787'

const RECENT_TYPES = new Set(['page_view', 'download', 'form_submit'])

/**
 * The top reasons: points summed per rule (the breakdown repeats a rule once per event), the positive
 * ones only (they are why the lead qualified), biggest first, ties by rule name so output is stable.
 * @example
 * topReasons([{ rule: 'pricing', points: 5 }, { rule: 'pricing', points: 5 }, { rule: 'title', points: 8 }])
 * // → [{ rule: 'pricing', points: 10 }, { rule: 'title', points: 8 }]
 */
export function topReasons(breakdown: AlertContextInput['breakdown'], max = MAX_REASONS): AlertContext['reasons'] {
  const sums = new Map<string, number>()
  for (const r of breakdown) {
    if (typeof r?.rule !== 'string' || !Number.isFinite(r.points)) continue
    sums.set(r.rule, (sums.get(r.rule) ?? 0) + r.points)
  }
  return [...sums]
    .filter(([, points]) => points > 0)
    .map(([rule, points]) => ({ rule, points: round1(points) }))
    .sort((a, b) => b.points - a.points || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0))
    .slice(0, max)
}

/**
 * The last pages, downloads and form submits, newest first (ties by input order, latest wins).
 * @example
 * recentActivity([{ type: 'page_view', path: '/pricing', at: 2 }, { type: 'identify', at: 3 }])
 * // → [{ type: 'page_view', path: '/pricing', at: 2 }]
 */
export function recentActivity(events: AlertContextInput['events'], max = MAX_RECENT): AlertActivity[] {
  return events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => RECENT_TYPES.has(e.type) && Number.isFinite(e.at))
    .sort((a, b) => b.e.at - a.e.at || b.i - a.i)
    .slice(0, max)
    .map(({ e }) => {
      const out: AlertActivity = { type: e.type, at: e.at }
      if (e.path) out.path = e.path
      if (e.name) out.name = e.name
      return out
    })
}

/**
 * The link to the lead: its page in the app on the Worker's public origin, carrying `token` (a signed
 * lead link, made by the caller: this module has no secrets and no clock) so it opens without signing in.
 * @example
 * leadUrlFor('https://lb.example.com/', 'l_1', 'eyJ….sig') // → 'https://lb.example.com/app/leads/l_1?t=eyJ….sig'
 */
export function leadUrlFor(publicUrl: string | undefined, leadId: string, token?: string): string {
  const origin = (publicUrl?.trim() || DEFAULT_PUBLIC_URL).replace(/\/+$/, '')
  return `${origin}/app/leads/${encodeURIComponent(leadId)}${token ? `?t=${encodeURIComponent(token)}` : ''}`
}

/**
 * Assembles the alert payload from plain inputs.
 * @example
 * const ctx = buildAlertContext({ site: { id: 's1', name: 'Acme' }, stage: 'sql', reengaged: false, at: now,
 *   lead, breakdown: lead.breakdown, events, account: null, publicUrl: env.PUBLIC_URL })
 * ctx.reasons[0] // the biggest reason, e.g. { rule: 'demo_requested', points: 40 }
 */
export function buildAlertContext(input: AlertContextInput): AlertContext {
  return {
    alertVersion: 1,
    site: { id: input.site.id, name: input.site.name },
    stage: input.stage,
    reengaged: input.reengaged,
    at: input.at,
    lead: { ...input.lead },
    reasons: topReasons(input.breakdown),
    recent: recentActivity(input.events),
    account: accountOf(input.account, input.lead),
    leadUrl: leadUrlFor(input.publicUrl, input.lead.id, input.leadToken),
    ...(input.identityVerified === undefined ? {} : { identityVerified: input.identityVerified }),
  }
}

function accountOf(account: AlertContextInput['account'], lead: AlertLead): AlertAccount | null {
  if (!account) return null
  const others = account.people
    .filter((p) => p.email.toLowerCase() !== lead.email.toLowerCase() && p.score > 0)
    .sort((a, b) => b.score - a.score || (a.email < b.email ? -1 : 1))
  return {
    domain: account.domain,
    score: round1(account.score),
    engagedPeople: others.length,
    people: others.slice(0, MAX_ACCOUNT_PEOPLE).map((p) => ({ ...p, score: round1(p.score) })),
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10
}
