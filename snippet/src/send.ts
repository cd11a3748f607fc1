import type { WireEvent } from '../types'
import { store } from './store'
import { rid } from './util'

/** One storage key holds `{ v: visitor id, q: events not yet acknowledged }`. */
const KEY = 'lb'

let site = ''
let endpoint = ''
/** 1: send; 0: hold in memory until consent (nothing leaves the page); -1: revoked; -2: DNT/GPC. */
let state = 0
/** visitor id, read or made at the first send (no storage access at load) */
let vid = ''
/** events waiting to be sent, oldest first */
let queue: WireEvent[] = []
/** flushes to skip after a failed send (flush runs each second): a down endpoint gets one try per 30 s */
let wait = 0

/**
 * Mirrors the queue, bounded to the newest 50 (one batch, the Worker's limit), to storage: events
 * survive a failed send and the page closing.
 */
const save = (): void => {
  store(KEY, { v: vid, q: (queue = queue.slice(-50)) })
}

/**
 * Sets where batches go and whether they may go yet.
 * @example
 * setup('demo', 'https://lb.example.com', 1)
 */
export const setup = (s: string, api: string, st: number): void => {
  site = s
  endpoint = `${api}/e`
  state = st
}

/**
 * Queues an event; the next tick (within a second) sends it, so the events of one moment share a
 * request.
 * @example
 * push({ t: 'pv', p: '/pricing', i: rid(2), ts: Date.now() })
 */
export const push = (e: WireEvent): void => {
  if (state > -1) queue.push(e)
}

/**
 * Sends every queued event in one batch (called each second and when the page is left), writing
 * the queue to storage first: a request cut
 * short by the page closing leaves its events to the next page (the event ids make a re-send
 * harmless). The first call reads storage, so nothing does at load. Callers guard it.
 * @example
 * addEventListener('pagehide', flush)
 */
export const flush = (): void => {
  if (state < 1) return
  if (!vid) {
    const o: { v?: string; q?: WireEvent[] } = store(KEY) || {}
    vid = o.v || rid(4)
    queue = (o.q || []).concat(queue)
  }
  if (queue.length) {
    save()
    if (wait-- < 1) post(queue.splice(0))
  }
}

/**
 * One request. `fetch` with `keepalive` outlives the page and, unlike `sendBeacon`, tells us whether
 * the Worker took the batch; `text/plain` keeps it a simple request (no CORS preflight). Network
 * errors, 429 and 5xx put the events back for a later send; any other answer acknowledges them (a
 * batch refused with a 4xx would be refused forever).
 */
const post = (b: WireEvent[]): void => {
  const body = JSON.stringify({ s: site, v: vid, e: b })
  // `failed` is truthy for a network error (the rejection's Error), 429 and 5xx
  const done = (failed: unknown) => {
    if (state > 0) {
      if (failed) {
        queue = b.concat(queue)
        wait = 30
      }
      save()
    }
  }
  if ('keepalive' in Request.prototype)
    // a string body goes as text/plain;charset=UTF-8 by itself: no header to ship
    fetch(endpoint, { method: 'POST', keepalive: true, body }).then(
      (r) => done(/^(429|5)/.test(r.status as unknown as string)),
      done,
    )
  else done(!navigator.sendBeacon(endpoint, body))
}

/**
 * `consent(true)` starts sending (held events included); `consent(false)` stops, drops the queue
 * and forgets the visitor id, so a later consent starts a new, unlinked visitor. Neither can lift
 * Do-Not-Track or Global Privacy Control.
 * @example
 * consent(false)
 */
export const consent = (yes: unknown): void => {
  if (state < -1) return
  state = yes ? 1 : -1
  if (yes) flush()
  else {
    queue = []
    vid = ''
    store(KEY, 0)
  }
}
