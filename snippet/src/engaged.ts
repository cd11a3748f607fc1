/**
 * Engaged time: seconds the page was visible and in use. A one-second tick counts while the page is
 * visible and the last input (or the load, or the return to the tab) is under 30 s old: reading
 * counts, an abandoned or hidden tab does not. Browsers throttle the tick in hidden tabs, where it
 * counts nothing anyway.
 */

import { safe } from './util'

/** engaged seconds not yet reported (read it; `resetSeconds()` once reported) */
export let secs = 0
let last = Date.now()

/**
 * Marks activity (an input, or the tab shown again).
 * @example
 * on(document, 'keydown', active)
 */
export const active = (): void => {
  last = Date.now()
}

/**
 * Starts the tick; call once. `each` runs on every tick too (the snippet checks for a single-page
 * app navigation and sends what is queued). Guarded: a timer's exception would reach the page.
 * @example
 * tick(checkPath)
 */
export const tick = (each: () => void): void => {
  setInterval(
    safe(() => {
      // `each` first: a path change seen now closes the old page with the seconds counted before it
      // (none after a back/forward-cache restore, where the page's path was reset on pagehide)
      each()
      if (!document.hidden && Date.now() - last < 3e4) secs++
    }),
    1e3,
  )
}

/**
 * Starts counting anew, once `secs` is reported.
 * @example
 * add({ t: 'eng', n: secs }); resetSeconds()
 */
export const resetSeconds = (): void => {
  secs = 0
}
