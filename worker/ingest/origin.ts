/**
 * Whether a request's `Origin` may send events for a site: its host must be one of the site's domains
 * or a subdomain of one. Ports and schemes are ignored (a site on localhost:3000 sends as localhost);
 * `null` or missing origins are refused, since browsers always send one on a cross-site POST.
 * @example
 * originAllowed('https://www.acme.io', ['acme.io']) // true
 * originAllowed('https://acme.io.evil.com', ['acme.io']) // false
 */
export function originAllowed(origin: string | null | undefined, domains: readonly string[]): boolean {
  if (!origin || origin === 'null') return false
  let host: string
  try {
    host = new URL(origin).hostname.toLowerCase().replace(/\.$/, '')
  } catch {
    return false
  }
  // Sites store domains normalised (see DomainsSchema), so no URL parsing per domain per request.
  return domains.some((d) => {
    const dom = d.toLowerCase()
    return dom !== '' && (host === dom || host.endsWith(`.${dom}`))
  })
}

/**
 * A domain as sites store it: lower-case host without scheme, port, path or trailing dot.
 * @example
 * normaliseDomain('https://WWW.Acme.io:443/x') // "www.acme.io"
 */
export function normaliseDomain(d: string): string {
  const s = d.trim().toLowerCase()
  try {
    return new URL(s.includes('://') ? s : `http://${s}`).hostname.replace(/\.$/, '')
  } catch {
    return ''
  }
}
