import type { WireEvent, WireTrack } from '../types'
import { active, resetSeconds, secs, tick } from './engaged'
import { type FormLike, formData, pick } from './fields'
import { consent, flush, push, setup } from './send'
import { rid, safe } from './util'
import { refOf, urlOf } from './url'

/** Links to documents: their click is a download even without a `download` attribute. */
const DOC = /\.(pdf|docx?|pptx?|xlsx?|csv|zip|epub)$/i

/** the current page's path; events without their own path happen here */
let path = ''

type Dist<T> = T extends unknown ? Omit<T, 'i' | 'ts' | 'p'> & { p?: string } : never

const add = (e: Dist<WireEvent>): void => {
  push({ i: rid(2), ts: Date.now(), p: path, ...e } as WireEvent)
}

const pageView = (r?: string): void => {
  path = urlOf(`${location}`)
  add({ t: 'pv', ti: document.title, r })
}

/** Reports engaged seconds for the page being left (a SPA step or the tab going away). */
const engaged = (): void => {
  if (secs) add({ t: 'eng', n: secs })
  resetSeconds()
}

const navigated = (): void => {
  if (urlOf(`${location}`) != path) {
    engaged()
    pageView()
  }
}

/** Leaving (the tab hidden, or the page going away): report engaged time and send while we can. */
const leave = (): void => {
  engaged()
  flush()
}

/**
 * The public API: `leadbeacon('identify', {email, …})`, `leadbeacon('track', name, props)`,
 * `leadbeacon('consent', true | false)`. Never throws.
 * @example
 * leadbeacon('track', 'demo_requested', { plan: 'pro' })
 */
export const leadbeacon = safe((cmd: string, a?: unknown, b?: Record<string, unknown>): void => {
  if (cmd == 'identify') {
    // `hash` is not a profile field: it rides beside them and proves the email (docs/snippet.md)
    add({ t: 'id', d: pick(a as Record<string, unknown>), h: (a as { hash?: string }).hash })
  } else if (cmd == 'track') {
    // props go as given: at most 20 scalars (docs/snippet.md), or the Worker refuses the batch
    add({ t: 'tr', n: `${a}`, d: b } as WireTrack)
  } else if (cmd == 'consent') consent(a)
})

/**
 * Starts tracking: one page view, single-page-app and back/forward navigations, engaged time,
 * downloads and form submits, each through one delegated listener. Nothing is read from storage
 * and nothing is sent here; the first send waits for a timer.
 * @example
 * start('demo', 'https://lb.example.com', false)
 */
export const start = (site: string, api: string, needConsent: boolean): void => {
  const n = navigator as Navigator & { globalPrivacyControl?: boolean }
  // Do-Not-Track or Global Privacy Control: inert for good, whatever the page calls
  // "1" == 1, in fewer bytes
  const off = (n.doNotTrack as unknown) == 1 || n.globalPrivacyControl
  setup(site, api, off ? -2 : needConsent ? 0 : 1)
  if (off) return
  // one capturing listener on window sees every event below (document events pass through it on
  // the way down), so a host handler that stops propagation cannot hide a click or a submit
  const h: Record<string, (e: Event) => void> = {
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
    click(e) {
      // the nearest link or marked element: a marked wrapper around a plain link does not count
      const a = (e.target as Element).closest('a[href],[data-leadbeacon-download]') as HTMLAnchorElement | null
      if (a && (a.matches('[download],[data-leadbeacon-download]') || DOC.test(a.pathname)))
        add({ t: 'dl', u: urlOf(a.dataset.leadbeaconDownload || a.href || '', 1) })
    },
    submit(e) {
      const f = e.target as HTMLFormElement
      // attributes, not properties: a control named "name", "id" or "action" shadows the property
      const at = (k: string) => f.getAttribute(k)
      add({ t: 'form', f: at('name') || at('id') || urlOf(at('action') || ''), d: formData(f as unknown as FormLike) })
    },
  }
  for (const k in h) addEventListener(k, safe((e: Event) => h[e.type](e)), true)
  pageView(refOf(document.referrer, location.origin))
  // single-page apps: the tick compares the path each second, which sees pushState, replaceState,
  // back/forward and hash routers alike without wrapping history (a redirect within the second
  // counts once, as the page it lands on)
  tick(() => {
    navigated()
    flush()
  })
}
