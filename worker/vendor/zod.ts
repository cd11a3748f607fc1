// Stands in for the 'zod' package in the deployed bundle (wrangler.toml `[alias]`).
export * as z from './zod-z'
