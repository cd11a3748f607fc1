// Stands in for the 'hono' package entry in the deployed bundle (wrangler.toml `[alias]`; the `worker`
// tests apply it too). The entry's Hono routes with SmartRouter, which bundles RegExpRouter and
// TrieRouter and builds one big matcher on the first request; hono/tiny's Hono is the same class
// (HonoBase) routing with PatternRouter: one regular expression per route, built as routes are added.
// At this app's ~190 routes and middleware a request tries each in turn (microseconds). Its Context is a type only
// here (a type-only export, gone from the bundle): nothing imports it from 'hono' as a value.
export { Hono } from 'hono/tiny'
export type { Context } from 'hono'
