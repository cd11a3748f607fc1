/**
 * Entry of the script tag (`dist/s.js`, an IIFE):
 * `<script defer src="https://YOUR-WORKER/s.js" data-site="SITE_KEY"></script>`.
 * Reads `data-site`, `data-api` (default: the script's own origin) and `data-consent`, starts,
 * then replays the calls the queue stub collected, in order.
 */
import { leadbeacon, start } from './core'
import { safe } from './util'

type Stub = { q?: ArrayLike<unknown>[] }

safe(() => {
  const w = window as unknown as { leadbeacon?: Stub }
  const s = document.currentScript as HTMLScriptElement
  const q = w.leadbeacon?.q || []
  start(s.dataset, s.src)
  w.leadbeacon = leadbeacon as Stub
  for (const a of q) leadbeacon(...(a as Parameters<typeof leadbeacon>))
})()
