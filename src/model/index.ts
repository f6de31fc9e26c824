/**
 * The model: the types every layer shares, and nothing else (no logic, no I/O). Each published
 * shape has its JSON Schema in schemas/; test/model/schemas.test.ts keeps the two in step.
 */
export * from './rule.ts';
export * from './snapshot.ts';
export * from './facts.ts';
export * from './view.ts';
export * from './result.ts';
export * from './config.ts';
export * from './scan.ts';
export * from './framework.ts';
export * from './compliance.ts';
