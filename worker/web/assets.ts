/**
 * The app's only stylesheet and script (no CDN, no web fonts: the system font stack) are static files,
 * public/app/assets/app.css and app.js, served by the platform in front of the Worker (wrangler.toml
 * [assets]; a year's caching in public/_headers), so they are not in the Worker bundle. The `v` in
 * their URL is a hash of their text (test/unit/web/assets.test.ts fails, naming the new value, when a
 * file changes and its `v` does not), so a browser never keeps a stale copy.
 */
export const CSS_URL = '/app/assets/app.css?v=zeo3b8'
export const JS_URL = '/app/assets/app.js?v=3s0wnr'
