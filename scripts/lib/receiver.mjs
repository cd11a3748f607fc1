// A real HTTP endpoint on 127.0.0.1 standing in for Slack, a CRM webhook, or anything alerts POST to,
// for the tests and the bench: it records every request (with the moment it arrived) and fails on
// demand (500 ×N, 429 with Retry-After, 404/410, a redirect, or hanging past the sender's timeout).
// Code in Node drives it directly; tests inside workerd drive it over HTTP (`POST /__control`,
// `GET /__requests?path=…`), since they cannot share its memory.
import { createServer } from 'node:http'
import { performance } from 'node:perf_hooks'

/**
 * Starts a receiver on a free port of 127.0.0.1 (or `port`).
 * @example
 * const r = await startReceiver()
 * r.failNext({ status: 500, count: 3, path: '/slack' })
 * // … POST to `${r.url}/slack/T/B/X` four times → 500, 500, 500, 200
 * await r.close()
 */
export async function startReceiver(opts = {}) {
  const requests = []
  const waiters = new Set()
  let rules = []

  const failNext = (rule) => {
    if (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599) throw new Error(`bad status ${rule.status}`)
    rules.push({ ...rule, left: rule.count ?? 1 })
  }
  const reset = (path) => {
    rules = path ? rules.filter((r) => !(r.path ?? '').startsWith(path)) : []
    const keep = path ? requests.filter((q) => !q.path.startsWith(path)) : []
    requests.splice(0, requests.length, ...keep)
  }
  const waitFor = (match, ms) => {
    const found = requests.find(match)
    if (found) return Promise.resolve(found)
    return new Promise((done) => {
      const w = (q) => match(q) && finish(q)
      const timer = setTimeout(() => finish(null), ms)
      const finish = (q) => {
        clearTimeout(timer)
        waiters.delete(w)
        done(q)
      }
      waiters.add(w)
    })
  }

  const server = createServer(async (req, res) => {
    const body = await readBody(req)
    const at = performance.now()
    const path = req.url ?? '/'
    try {
      if (path.startsWith('/__control')) return control(body, res)
      if (path.startsWith('/__requests')) {
        const prefix = new URL(path, 'http://x').searchParams.get('path') ?? ''
        return json(res, 200, requests.filter((q) => q.path.startsWith(prefix)))
      }
      const rule = rules.find((r) => r.left > 0 && path.startsWith(r.path ?? ''))
      if (rule) rule.left--
      rules = rules.filter((r) => r.left > 0)
      const status = rule?.status ?? 200
      const recorded = { method: req.method ?? 'GET', path, headers: flatHeaders(req), body, answered: status, at }
      requests.push(recorded)
      for (const w of waiters) w(recorded)
      if (rule?.hangMs) await new Promise((r) => setTimeout(r, rule.hangMs))
      const headers = { 'content-type': 'text/plain' }
      if (rule?.retryAfter) headers['retry-after'] = rule.retryAfter
      if (rule?.location) headers.location = rule.location
      res.writeHead(status, headers).end(rule?.body ?? (status < 300 ? 'ok' : `fail ${status}`))
    } catch (err) {
      json(res, 400, { error: String(err) })
    }
  })

  function control(body, res) {
    const msg = JSON.parse(body || '{}')
    if (msg.action === 'fail') failNext(msg)
    else if (msg.action === 'reset') reset(msg.path)
    else throw new Error('action must be "fail" or "reset"')
    json(res, 200, { ok: true })
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address()
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    failNext,
    reset,
    waitFor,
    close: () =>
      new Promise((resolve) => {
        // hung requests would keep close() waiting for ever
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

function flatHeaders(req) {
  const out = {}
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v
  return out
}

function json(res, status, data) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data))
}
