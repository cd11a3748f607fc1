import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { WireBatch, WireEvent } from '../../../snippet/types'
import { BatchSchema, describeIssues } from '../../../worker/ingest/validate'

/** How the fake ingest answers `POST /e`: like the Worker (202), failing, or not at all. */
export type Mode = 'ok' | 'down' | 500 | 429 | 400

/** One request that reached `/e`. */
export interface Recorded {
  method: string
  origin: string | undefined
  contentType: string | undefined
  /** `cors` for fetch, `no-cors` for navigator.sendBeacon */
  fetchMode: string | undefined
  /** the parsed body (POST only) */
  batch?: WireBatch
  /** what the fake answered: a status, or "down" (connection dropped) */
  answer: number | 'down'
  /** why the Worker's own validator would refuse this batch (the fake answers 400 then) */
  invalid?: string
}

/** A page of the fake site: its body and the tag's attributes (`src` defaults to the ingest's /s.js). */
export interface PageSpec {
  body?: string
  /** extra attributes of the tag, e.g. `data-consent="required"` */
  attrs?: string
  /** include the queue stub and run this script before the tag loads */
  before?: string
  title?: string
  /** serve the tag from the page's own origin instead of the ingest's */
  sameOriginTag?: boolean
  /** no tag: a module script instead (the ESM build is at /leadbeacon.mjs; INGEST is the ingest origin) */
  esm?: string
}

const listen = (s: Server) =>
  new Promise<string>((res) => s.listen(0, '127.0.0.1', () => res(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)))

const STUB = 'window.leadbeacon=window.leadbeacon||function(){(leadbeacon.q=leadbeacon.q||[]).push(arguments)}'

/**
 * Two local origins, like a customer's site and the Leadbeacon Worker: `site` serves test pages,
 * `ingest` serves the built tag at /s.js and records every request to /e, answering per `mode`.
 * @example
 * const f = await startFake(); f.page('/pricing', { body: '<h1>Pricing</h1>' }); … await f.close()
 */
export async function startFake(snippetPath: string, esmPath: string) {
  const js = readFileSync(snippetPath, 'utf8')
  const esm = readFileSync(esmPath, 'utf8')
  const pages = new Map<string, PageSpec>()
  const requests: Recorded[] = []
  let mode: Mode = 'ok'
  let ingestUrl = ''

  const serveTag = (res: ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'application/javascript', 'Cache-Control': 'no-store' })
    res.end(js)
  }

  const ingest = createServer((req: IncomingMessage, res: ServerResponse) => {
    const cors = { 'Access-Control-Allow-Origin': req.headers.origin ?? '*' }
    if (req.url === '/s.js') return serveTag(res)
    if (req.url !== '/e') return res.writeHead(404).end()
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', () => {
      const r: Recorded = {
        method: req.method ?? '',
        origin: req.headers.origin,
        contentType: req.headers['content-type'],
        fetchMode: req.headers['sec-fetch-mode'] as string | undefined,
        answer: mode === 'ok' ? 202 : mode,
      }
      if (req.method === 'POST') {
        r.batch = JSON.parse(raw)
        // the Worker's own zod schema: a batch it would refuse is refused here too
        const v = BatchSchema.safeParse(r.batch)
        if (!v.success) {
          r.invalid = describeIssues(v.error)
          r.answer = 400
        }
      }
      requests.push(r)
      if (mode === 'down') return req.socket.destroy()
      res.writeHead(r.answer as number, { ...cors, 'Content-Type': 'application/problem+json' })
      res.end(r.answer === 202 ? '' : JSON.stringify({ title: 'fake failure', detail: r.invalid }))
    })
  })

  const site = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/s.js') return serveTag(res)
    if (url.pathname === '/leadbeacon.mjs') {
      res.writeHead(200, { 'Content-Type': 'application/javascript' })
      return res.end(esm)
    }
    const spec = pages.get(url.pathname) ?? pages.get('*')
    if (!spec) return res.writeHead(404).end()
    // drain POSTed forms: the fake site, like any site, receives what the form sends
    req.resume()
    const src = spec.sameOriginTag ? '/s.js' : `${ingestUrl}/s.js`
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${spec.title ?? url.pathname}</title>
${spec.before !== undefined ? `<script>${STUB};${spec.before}</script>` : ''}
${
  spec.esm !== undefined
    ? `<script type="module">const INGEST = ${JSON.stringify(ingestUrl)};${spec.esm}</script>`
    : `<script defer src="${src}" data-site="test" ${spec.attrs ?? ''}></script>`
}</head>
<body>${spec.body ?? '<p>page</p>'}</body></html>`)
  })

  const siteUrl = await listen(site)
  ingestUrl = await listen(ingest)

  return {
    siteUrl,
    ingestUrl,
    requests,
    /** every event the fake accepted (202), oldest first */
    accepted(): WireEvent[] {
      return requests.flatMap((r) => (r.answer === 202 && r.batch ? r.batch.e : []))
    },
    /** why batches were refused by the Worker's schema (tests expect none) */
    invalid(): string[] {
      return requests.flatMap((r) => (r.invalid ? [r.invalid] : []))
    },
    /** every POSTed batch, whatever the answer */
    batches(): WireBatch[] {
      return requests.flatMap((r) => (r.batch ? [r.batch] : []))
    },
    page(path: string, spec: PageSpec = {}) {
      pages.set(path, spec)
    },
    setMode(m: Mode) {
      mode = m
    },
    reset() {
      requests.length = 0
      pages.clear()
      mode = 'ok'
    },
    async close() {
      for (const s of [site, ingest]) {
        s.closeAllConnections()
        await new Promise((r) => s.close(r))
      }
    },
  }
}

export type Fake = Awaited<ReturnType<typeof startFake>>

/**
 * An event without its random parts (id and client time), for exact comparisons.
 * @example
 * expect(fake.accepted().map(plain)).toEqual([{ t: 'pv', p: '/', ti: 'Home' }])
 */
export function plain(e: WireEvent): Omit<WireEvent, 'i' | 'ts'> {
  const { i: _i, ts: _ts, ...rest } = e
  return rest
}
