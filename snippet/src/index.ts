/**
 * Entry of the ESM build (`dist/leadbeacon.mjs`) for apps that bundle the tracker instead of
 * pasting the tag. Same behaviour as the tag; calls made before `init` wait for it, in order.
 */
import { leadbeacon as api, start } from './core'
import { safe } from './util'

/** Options of `init`, mirroring the tag's data attributes. */
export interface InitOptions {
  /** the site key (the tag's `data-site`) */
  site: string
  /** ingest origin, e.g. "https://lb.example.com" (default: this page's origin) */
  api?: string
  /** "required": send nothing until `leadbeacon('consent', true)` */
  consent?: 'required'
}

let early: Parameters<typeof api>[] | null = []

/**
 * The public API, as on `window.leadbeacon` with the tag.
 * @example
 * leadbeacon('identify', { email: 'ann@acme.io', company: 'Acme' })
 * leadbeacon('track', 'demo_requested', { plan: 'pro' })
 * leadbeacon('consent', false)
 */
export const leadbeacon = (...a: Parameters<typeof api>): void => {
  if (early) early.push(a)
  else api(...a)
}

/**
 * Starts tracking this page. Call once, in the browser (not during server-side rendering).
 * @example
 * import { init, leadbeacon } from 'leadbeacon'
 * init({ site: 'SITE_KEY', api: 'https://lb.example.com' })
 */
export const init = safe((o: InitOptions): void => {
  if (!early) return
  start(o, location.href)
  for (const a of early) api(...a)
  early = null
})
