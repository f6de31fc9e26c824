/** What a service handler sees about the call it answers. */
import type { Caller, Identities } from '../identity.ts';
import type { Shape } from '../shape.ts';
import type { AccountView, World } from '../world.ts';

export interface CallContext {
  world: World;
  caller: Caller;
  /** The caller's account: the one whose data answers. */
  account: AccountView;
  region: string;
  operation: string;
  identities: Identities;
}

export type StructureShape = Extract<Shape, { kind: 'structure' }>;

export interface JsonOperation {
  input: StructureShape;
  handle: (input: Record<string, unknown>, ctx: CallContext) => unknown;
}

/** An awsJson service: its read operations and the error codes it uses. */
export interface JsonService {
  operations: Readonly<Record<string, JsonOperation>>;
  codes: { validation: string; accessDenied: string; throttling: string; serverError: string };
}
