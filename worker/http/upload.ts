import type { Context } from 'hono'
import { parseCsvRecords } from '../calibration/csv'
import { ProblemError } from './problem'

/**
 * Reads an upload that may be JSON or CSV (by Content-Type), bounded in size, as records.
 * JSON may be an array of objects or `{ [key]: array }`.
 * @example
 * const rows = await readRecords(c, 'outcomes', 2 * 1024 * 1024)
 */
export async function readRecords(c: Context, jsonKey: string, maxBytes: number): Promise<Record<string, unknown>[]> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0].trim().toLowerCase()
  if (Number(c.req.header('Content-Length') ?? 0) > maxBytes) throw tooBig(maxBytes)
  const text = await c.req.text()
  if (text.length > maxBytes) throw tooBig(maxBytes)
  if (type === 'text/csv' || type === 'application/csv') {
    try {
      return parseCsvRecords(text)
    } catch (err) {
      throw new ProblemError(400, `the CSV could not be read: ${(err as Error).message}`, { type: 'invalid-csv' })
    }
  }
  if (type !== 'application/json') throw new ProblemError(415, 'send application/json or text/csv', { type: 'unsupported-media-type' })
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new ProblemError(400, 'body is not valid JSON', { type: 'invalid-json' })
  }
  const list = Array.isArray(body) ? body : (body as Record<string, unknown> | null)?.[jsonKey]
  if (!Array.isArray(list) || list.some((r) => typeof r !== 'object' || r === null || Array.isArray(r))) {
    throw new ProblemError(400, `expected an array of objects, or { "${jsonKey}": [...] }`, { type: 'invalid-request' })
  }
  return list as Record<string, unknown>[]
}

const tooBig = (n: number) => new ProblemError(413, `an upload is at most ${Math.round(n / 1024 / 1024)} MB; split the file`, { type: 'too-large' })
