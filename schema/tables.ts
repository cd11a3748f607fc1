// The one definition of the D1 database, one file per area (drizzle-kit reads this barrel; schema/README.md
// describes every table): sites and their keys and models; leads, visitors, events and stage changes;
// the outbox, the audit log, write guards and jobs.
export * from './tables/site'
export * from './tables/lead'
export * from './tables/ops'
