/**
 * What a lead's stored score should be: `scoreHistory` of every event stored for it, at its `scored_at`,
 * with the default model. Ingest scores incrementally; this is the reference it must equal.
 * @example
 * expect(await storedScore(leadId)).toEqual(await scratchScore(leadId))
 */
import { env } from 'cloudflare:test'
import { toScoringEvent } from '../../../worker/db/event-rows'
import { DEFAULT_MODEL, scoreHistory } from '../../../worker/scoring'

interface LeadScoreRow {
  score: number
  engagement_score: number
  scored_at: number
  breakdown: string
  profile: string
  email: string
}

/** The lead's stored score, engagement and breakdown. */
export async function storedScore(leadId: string) {
  const row = await env.DB.prepare('select score, engagement_score, breakdown from leads where id = ?').bind(leadId).first<LeadScoreRow>()
  return { score: row!.score, engagement: row!.engagement_score, breakdown: JSON.parse(row!.breakdown) }
}

/**
 * The same, recomputed from scratch from every stored event of the lead, or from its `newest` events only
 * (what a from-scratch rescore of a longer history reads).
 */
export async function scratchScore(leadId: string, newest = -1) {
  const row = await env.DB.prepare('select scored_at, profile, email from leads where id = ?').bind(leadId).first<LeadScoreRow>()
  const stored = await env.DB.prepare('select * from events where lead_id = ? order by at desc limit ?').bind(leadId, newest).all<Record<string, unknown>>()
  const events = stored.results.map((r) =>
    toScoringEvent({
      visitorId: r.visitor_id,
      eid: r.eid,
      type: r.type,
      at: r.at,
      path: r.path,
      name: r.name,
      seconds: r.seconds,
      props: r.props ? JSON.parse(String(r.props)) : null,
      imported: !!r.imported,
    } as never),
  )
  const fresh = scoreHistory({ events, profile: { ...JSON.parse(row!.profile), email: row!.email }, model: DEFAULT_MODEL, now: row!.scored_at })
  return { score: fresh.score, engagement: fresh.engagementScore, breakdown: fresh.breakdown }
}
