import { describe, expect, it } from 'vitest'
import { logLine } from '../../../worker/alerts/channels'
import { sampleContext } from './fixture'

describe('logLine in production', () => {
  it('names the lead by id, never by email address or name', () => {
    const ctx = sampleContext()
    const line = logLine(ctx, { redact: true })
    expect(line).toContain(`lead ${ctx.lead.id}`)
    expect(line).not.toContain(ctx.lead.email)
    if (ctx.lead.name) expect(line).not.toContain(ctx.lead.name)
    expect(logLine(ctx)).toContain(ctx.lead.email) // locally the demo shows who it is
  })
})
