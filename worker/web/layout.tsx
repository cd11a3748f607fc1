/**
 * The page shell every app page renders into (`c.render`, Hono's renderer): the nav of what the viewer may
 * use, the one stylesheet and the one small script. Lead-link viewers get no nav: their link opens one page.
 */
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { html } from 'hono/html'
import type { Child } from 'hono/jsx'
import { CSS_URL, JS_URL } from './assets'
import { can } from './can'
import type { WebEnv } from './types'

declare module 'hono' {
  interface ContextRenderer {
    // biome-ignore lint/style/useShorthandFunctionType: Hono's ContextRenderer is extended by declaration merging, which needs an interface
    (content: string | Promise<string>, props: { title: string; active?: NavKey }): Response | Promise<Response>
  }
}

export type NavKey = 'leads' | 'accounts' | 'funnel' | 'scoring' | 'settings'

const NAV: { key: NavKey; href: string; label: string; action: Parameters<typeof can>[1] }[] = [
  { key: 'leads', href: '/app/leads', label: 'Hot leads', action: 'view' },
  { key: 'accounts', href: '/app/accounts', label: 'Accounts', action: 'view' },
  { key: 'funnel', href: '/app/funnel', label: 'Funnel', action: 'view' },
  { key: 'scoring', href: '/app/scoring', label: 'Scoring', action: 'scoring' },
  { key: 'settings', href: '/app/settings', label: 'Settings', action: 'settings' },
]

/**
 * The renderer middleware; pages call `c.render(<Page/>, { title, active })`. What hono/jsx-renderer does
 * without streaming, whose import alone brought Hono's client-side DOM renderer into the Worker.
 * @example
 * web.use('*', layout)
 */
export const layout = createMiddleware<WebEnv>(async (c, next) => {
  c.setRenderer((content, props) => c.html(html`<!DOCTYPE html>${shell({ children: content, ...props }, c)}`))
  await next()
})

function shell({ children, title, active }: { children: unknown; title: string; active?: NavKey }, c: Context<WebEnv>) {
  const session = c.get('session')
  const scope = c.get('scope')
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · Leadbeacon`}</title>
        <link rel="stylesheet" href={CSS_URL} />
        <script src={JS_URL} defer />
      </head>
      <body>
        <header>
          <span class="brand">Leadbeacon</span>
          {session && scope ? (
            <>
              <nav aria-label="Main">
                {NAV.filter((n) => can(scope, n.action)).map((n) => (
                  <>
                    <a href={n.href} aria-current={n.key === active ? 'page' : undefined}>
                      {n.label}
                    </a>{' '}
                  </>
                ))}
              </nav>
              <form method="post" action="/app/sign-out">
                <span class="small hide-sm">{session.siteName} · key “{session.keyName}” </span>
                <button type="submit">Sign out</button>
              </form>
            </>
          ) : null}
        </header>
        <main id="main">{children as Child}</main>
      </body>
    </html>
  )
}
