import type { WireEvent, WireTrack } from '../types'
// module order is bundle order, and brotli finds more repeats in this one (measured; about 15 B)
import { refOf, urlOf } from './url'
import { store } from './store'
import { rid, safe } from './util'
import { type FormLike, formData, pick } from './fields'

// Declarations are in the order brotli likes best, not in reading order: a local search over the
// order of this module's state and of its functions found this one 13 B smaller than reading order
// (measured). Moving one is a size change: measure it.

/** ticks to skip after a failed send: a down endpoint gets one try per 30 s */
let wait = 0
/** the ingest's `/e` (a URL: fetch takes one as it takes a string) */
let endpoint: URL
/** What `start` is told: the tag's `data-*` attributes, or the ESM build's `init` options. */
export interface StartOptions {
  /** the site key */
  site?: string
  /** the ingest origin */
  api?: string
  /** "required": send nothing until `leadbeacon('consent', true)` */
  consent?: string
}

type Dist<T> = T extends unknown ? Omit<T, 'i' | 'ts' | 'p'> & { p?: string } : never

/** the site key */
let site: string
/** Links to documents: their click is a download even without a `download` attribute. */
const DOC = /\.(pdf|docx?|pptx?|xlsx?|csv|zip|epub)$/i
/** the current page's path; events without their own path happen here */
let path: string
/** events waiting to be sent, oldest first */
let queue: WireEvent[] = []
/** visitor id, read or made at the first send (no storage access at load) */
let vid: string | undefined
/** ticks since the last input (or the load, or the return to the tab) */
let idle = 0

/** engaged seconds not yet reported */
let secs = 0
/** 1: send; 0: hold in memory until consent (nothing leaves the page); -1: revoked; -2: DNT/GPC. */
let state: number

/**
 * Starts tracking: one page view, single-page-app and back/forward navigations, engaged time,
 * downloads and form submits, each through one delegated listener. Batches go to `/e` of the
 * options' `api` origin, else of `base`'s (the script's URL). Nothing is read from storage and
 * nothing is sent here; the first send waits for the tick.
 * @example
 * start({ site: 'demo', consent: 'required' }, 'https://lb.example.com/s.js')
 */
export const start = (o: StartOptions, base: string): void => {
  site = o.site as string
  endpoint = new URL('/e', o.api || base)
  // Do-Not-Track or Global Privacy Control: inert for good, whatever the page calls
  // ("1" == 1, in fewer bytes)
  // (no alias for navigator: 3 B less, measured)
  state =
    (navigator.doNotTrack as unknown) == 1 || (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl
      ? -2
      : o.consent == 'required'
        ? 0
        : 1
  if (state < -1) return
  // one capturing listener on window sees every event below (document events pass through it on
  // the way down), so a host handler that stops propagation cannot hide a click or a submit
  const h: Record<string, (t: EventTarget) => void> = {
    pagehide() {
      leave()
      // a page restored from the back/forward cache shows its path anew: the tick counts a page view
      path = ''
    },
    visibilitychange() {
      if (document.hidden) leave()
      else active()
    },
    pointermove: active,
    keydown: active,
    scroll: active,
    // back/forward, and hash routers (a fragment navigation fires popstate too)
    popstate: soon,
    click(t) {
      // the nearest link or marked element: a marked wrapper around a plain link does not count
      const a = (t as Element).closest('a[href],[data-leadbeacon-download]') as HTMLAnchorElement | null
      if (a && (a.matches('[download],[data-leadbeacon-download]') || DOC.test(a.pathname)))
        add({ t: 'dl', u: urlOf(a.dataset.leadbeaconDownload || a.href, 1) })
    },
    submit(f) {
      // attributes, not properties: a control named "name", "id" or "action" shadows the property
      const at = (k: string) => (f as Element).getAttribute(k)
      add({ t: 'form', f: at('name') || at('id') || urlOf(at('action') || ''), d: formData(f as unknown as FormLike) })
    },
  }
  // handlers are given the event's target: none needs more of the event than its type
  for (const k in h) addEventListener(k, safe((e: Event) => h[e.type](e.target!)), true)
  // pushState and replaceState fire no event: each call is followed by a look at the path (the
  // page's own call runs first, and throws to the page as it would without us)
  for (const k of ['pushState', 'replaceState'] as const) {
    const f = history[k]
    history[k] = (...a: Parameters<History['pushState']>) => {
      f.apply(history, a)
      soon()
    }
  }
  pageView(refOf(document.referrer))
  // the one-second tick: notices a path change no hook saw (a page restored from the back/forward
  // cache), counts an engaged second while the page is visible and the last input is under 30 s
  // old (reading counts, an abandoned or hidden tab does not; browsers throttle the tick in hidden
  // tabs, where it counts nothing anyway), and sends the queue
  setInterval(
    safe(() => {
      // the path first: a step seen now closes the old page with the seconds counted before it
      navigated()
      if (!document.hidden && ++idle < 30) secs++
      flush()
    }),
    1e3,
  )
}

const pageView = (r?: string): void => {
  path = urlOf()
  add({ t: 'pv', ti: document.title, r })
}

/** Queues an event (unless consent was revoked or DNT/GPC is on); the next tick sends it. */
const add = (e: Dist<WireEvent>): void => {
  // biome-ignore lint/complexity/useDateNow: `+new Date` is a few bytes less in the served tag (measured)
  if (state > -1) queue.push({ i: rid(2), ts: +new Date(), p: path, ...e } as WireEvent)
}

/**
 * The public API: `leadbeacon('identify', {email, …})`, `leadbeacon('track', name, props)`,
 * `leadbeacon('consent', true | false)`. Never throws.
 *
 * `consent(true)` starts sending (held events included); `consent(false)` stops, drops the queue
 * and forgets the visitor id, so a later consent starts a new, unlinked visitor. Neither can lift
 * Do-Not-Track or Global Privacy Control.
 * @example
 * leadbeacon('track', 'demo_requested', { plan: 'pro' })
 */
export const leadbeacon = safe((cmd: string, a?: unknown, b?: Record<string, unknown>): void => {
  // `hash` is not a profile field: it rides beside them and proves the email (docs/snippet.md)
  if (cmd == 'identify') add({ t: 'id', d: pick(a as Record<string, unknown>), h: (a as { hash?: string }).hash })
  // props go as given: at most 20 scalars (docs/snippet.md), or the Worker refuses the batch
  else if (cmd == 'track') add({ t: 'tr', n: `${a}`, d: b } as WireTrack)
  else if (cmd == 'consent' && state > -2) {
    state = a ? 1 : -1
    if (a) flush()
    else {
      queue = []
      vid = ''
      store(0)
    }
  }
})

/**
 * Sends every queued event in one batch (each tick, and when the page is left), writing the queue
 * to storage first: a request cut short by the page closing leaves its events to the next page
 * (the event ids make a re-send harmless). The first call reads storage, so nothing does at load.
 *
 * `fetch` with `keepalive` outlives the page and, unlike `sendBeacon`, tells us whether the Worker
 * took the batch; a string body goes as text/plain (no header to ship), a simple request (no CORS
 * preflight). Network errors, 429 and 5xx put the events back for a later send; any other answer
 * acknowledges them (a batch refused with a 4xx would be refused forever). There is no `sendBeacon`
 * fallback: a browser without `keepalive` (Firefox before 133) still sends every batch with `fetch`
 * while the page is open, and a batch its unload cuts short stays in storage for the next page.
 */
const flush = (): void => {
  if (state > 0) {
    if (!vid) {
      const o: { v?: string; q?: WireEvent[] } = store() || {}
      vid = o.v || rid(4)
      queue = (o.q || []).concat(queue)
    }
    if (queue.length) {
      save()
      if (wait-- < 1) {
        const e = queue.splice(0)
        // `failed` is truthy for a network error (the rejection's Error), 429 and 5xx
        const done = (failed: unknown) => {
          if (state > 0) {
            if (failed) {
              queue = e.concat(queue)
              wait = 30
            }
            save()
          }
        }
        // the body inline, its events as `e` in shorthand: 2 B less in the served tag (measured)
        fetch(endpoint, { method: 'POST', keepalive: true, body: JSON.stringify({ s: site, v: vid, e }) }).then(
          (r) => done(/^(429|5)/.test(r.status as unknown as string)),
          done,
        )
      }
    }
  }
}

/** Marks activity (an input, or the tab shown again). */
const active = (): void => {
  idle = 0
}

/** Leaving (the tab hidden, or the page going away): report engaged time and send while we can. */
const leave = (): void => {
  engaged()
  flush()
}

/** A new path (a SPA step, or the page restored from the back/forward cache) is a page view. */
const navigated = safe(() => {
  if (urlOf() != path) {
    engaged()
    pageView()
  }
})

/** Reports engaged seconds for the page being left (a SPA step or the tab going away). */
const engaged = (): void => {
  if (secs) add({ t: 'eng', n: secs })
  secs = 0
}

/**
 * After a history call or event, looks at the path once the current task is done: the app has
 * usually set its title by then, and a redirect within one task counts once, as where it lands.
 */
const soon = (): void => {
  setTimeout(navigated)
}

/**
 * Mirrors the queue, bounded to the newest 50 (one batch, the Worker's limit), to storage as
 * `{ v: visitor id, q: events not yet acknowledged }`: events survive a failed send and the page
 * closing.
 */
const save = (): void => {
  store({ v: vid, q: (queue = queue.slice(-50)) })
}
