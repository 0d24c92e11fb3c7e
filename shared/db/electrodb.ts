/**
 * ElectroDB's run-time parts, each imported from its own file instead of the package's index.
 * The index loads every part, and esbuild cannot leave out what a function does not use from
 * CommonJS modules: every function carried `Service` and its collection code (19 KB minified),
 * which only the functions that query the `availability` collection need (shared/db/collections.ts
 * imports it from its file). Types still come from 'electrodb'; shared/db/electrodb-files.d.ts
 * gives these files the package's own declarations. The files are the ones the index itself loads,
 * so `instanceof Entity` inside ElectroDB holds as before.
 */
export { Entity } from 'electrodb/src/entity.js';
export { createWriteTransaction } from 'electrodb/src/transaction.js';
export { createConversions } from 'electrodb/src/conversions.js';
