import type { Browser, BrowserContext, Page } from 'playwright-core'

/** Brotli size of `buf` at quality 11. */
export function brotliBytes(buf: Buffer): number
/** A cookie as playwright's `BrowserContext.addCookies` takes it. */
type Cookie = Parameters<BrowserContext['addCookies']>[0][number]
/**
 * Loads `url` in a fresh context (with `cookies`) and sums the brotli bytes of every response from
 * `origin` until the network is idle; the caller closes the returned context.
 */
export function pageWeight(
  browser: Browser,
  url: string,
  origin: string,
  cookies?: Cookie[],
  viewport?: { width: number; height: number },
): Promise<{ status: number; total: number; parts: string[]; page: Page; context: BrowserContext }>
/** CHROMIUM_PATH, /usr/bin/chromium or @sparticuz/chromium's shell; null when there is none. */
export function chromiumPath(): Promise<string | null>
