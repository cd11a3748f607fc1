/**
 * Whether `origin`'s host is one of `domains` or a subdomain of one.
 * @example
 * originAllowed('http://localhost:8080', ['localhost']) // true
 */
export function originAllowed(origin: string | null, domains: string[]): boolean
/**
 * Stores one batch with one D1 read and one D1 batch write.
 */
export function ingest(request: Request, env: { DB: D1Database }): Promise<Response>
declare const worker: { fetch(request: Request, env: { DB: D1Database }): Promise<Response> }
export default worker
