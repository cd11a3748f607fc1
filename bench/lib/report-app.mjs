// The BENCHMARKS.md rows and section on the app's pages (bench/lib/app-pages.mjs): page weight against
// its budget, and server time at 1,000 leads.

const fmt = (v) => (v === null || v === undefined ? '—' : typeof v === 'number' ? v.toLocaleString('en-US') : String(v))

/** The budget of each app page: brotli bytes of everything it loads from the Worker until the network is idle. */
export const PAGE_BUDGET = 60_000

/** Target rows for the headline table: [label, value, limit, aim, higher is better]. */
export function appTargets(r) {
  return [
    ['app.hotLeadsBytes (hot leads, brotli, all it loads)', r.app?.hotLeadsBytes, PAGE_BUDGET, PAGE_BUDGET, false],
    ['app.leadPageBytes (lead page, brotli, all it loads)', r.app?.leadPageBytes, PAGE_BUDGET, PAGE_BUDGET, false],
  ]
}

/**
 * The "App pages" section, from appPages()'s detail (absent or skipped: says so).
 * @example
 * lines.push(...appSection(details.app))
 */
export function appSection(a) {
  const head = ['## App pages', '']
  if (!a?.pages || !Object.keys(a.pages).length) return [...head, `Not measured${a?.note ? `: ${a.note}` : ''}.`, '']
  return [
    ...head,
    `The demo site filled to ${fmt(a.leads)} leads (seeded through the API, then copied in SQL), signed in; ${a.runs} sequential`,
    'requests per page over loopback to `wrangler dev` (each includes a round trip of a few ms). Page weight: the brotli',
    'bytes (quality 11) of every response from the Worker that headless Chromium loads until the network is idle, in a',
    `fresh context (HTML, CSS, JS, data, icons); the budget is ${fmt(PAGE_BUDGET)} B a page, also asserted by`,
    '`test/browser/app/leads.test.ts`. `npm run bench:app` measures the scoring and accounts pages too.',
    ...(a.note ? ['', `Note: ${a.note}.`] : []),
    '',
    '| page | median ms | p95 ms | brotli bytes | what it loads (brotli bytes each) |',
    '|---|---:|---:|---:|---|',
    ...Object.entries(a.pages).map(([name, p]) => `| ${name} \`${p.path.replace(/ld_[\w-]+/, '{id}')}\` | ${fmt(p.medianMs)} | ${fmt(p.p95Ms)} | ${fmt(p.brotliBytes)} | ${p.parts.map((x) => x.replace(/ld_[\w-]+/, '{id}')).join(' · ') || '—'} |`),
    '',
    `Measuring took ${fmt(a.seconds)} s of the bench, most of it starting a Worker and seeding its D1.`,
    '',
  ]
}
