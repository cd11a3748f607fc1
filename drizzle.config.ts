import { defineConfig } from 'drizzle-kit'

// Flat SQL files in the folder wrangler.toml's `migrations_dir` names: drizzle-kit writes them,
// wrangler applies them (locally and --remote), and the tests apply the same files.
export default defineConfig({
  dialect: 'sqlite',
  schema: './schema/tables.ts',
  out: './schema/migrations',
  breakpoints: false,
})
