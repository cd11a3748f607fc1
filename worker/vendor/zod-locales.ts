// Stands in for zod's locale index in the deployed bundle (wrangler.toml `[alias]`). zod's namespace
// objects (`z.locales`, `z.core.locales`) bind every one of its ~40 locales, which esbuild cannot
// tree-shake, and they were a third of the Worker. Messages are English only, and zod registers
// English by itself, so `en` is the one locale kept.
export { default as en } from 'zod/v4/locales/en.js'
