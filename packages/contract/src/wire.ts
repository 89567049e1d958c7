/**
 * @orgkit/contract/wire — everything a client or an element needs at run time, without zod: enums, paths, error
 * codes and statuses, the ORG-4 and residency rules, the route table and the response schemas in wire form with
 * their validator. (The zod schemas, in the main entry, stay the source; wire.gen.ts is generated from them.)
 */
export * from './enums.js';
export * from './routes.js';
export * from './error-codes.js';
export * from './org-name.js';
export * from './residency.js';
export * from './validate.js';
export * from './wire.gen.js';
