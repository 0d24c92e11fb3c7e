// ElectroDB's own files, imported one by one (shared/db/electrodb.ts says why), typed as the package exports them.
declare module 'electrodb/src/entity.js' {
  export { Entity } from 'electrodb';
}
declare module 'electrodb/src/service.js' {
  export { Service } from 'electrodb';
}
declare module 'electrodb/src/transaction.js' {
  export { createWriteTransaction } from 'electrodb';
}
declare module 'electrodb/src/conversions.js' {
  export { createConversions } from 'electrodb';
}
