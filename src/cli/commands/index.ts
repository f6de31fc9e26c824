/**
 * Every CLI command. Each module exports `register(program, setExit)`; a command reports its
 * exit code through setExit instead of exiting.
 */
import type { Command } from 'commander';
import * as audit from './audit.ts';
import * as collect from './collect.ts';
import * as diff from './diff.ts';
import * as emulator from './emulator.ts';
import * as evaluate from './evaluate.ts';
import * as importCmd from './import.ts';
import * as merge from './merge.ts';
import * as rules from './rules.ts';
import * as verify from './verify.ts';

export type SetExit = (code: number) => void;

export function registerCommands(program: Command, setExit: SetExit): void {
  for (const m of [audit, collect, evaluate, importCmd, emulator, rules, diff, verify, merge]) m.register(program, setExit);
}
