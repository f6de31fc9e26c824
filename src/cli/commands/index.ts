/**
 * Every CLI command. Each module exports `register(program, ctx)`, which declares the command's
 * flags and loads its action (actions/<command>.ts) only when the command runs, so `--version`
 * and `--help` load neither the AWS SDK nor the engine. A command reports its exit code through
 * ctx.setExit instead of exiting.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../shared/io.ts';
import * as audit from './audit.ts';
import * as collect from './collect.ts';
import * as diff from './diff.ts';
import * as emulator from './emulator.ts';
import * as evaluate from './evaluate.ts';
import * as importCmd from './import.ts';
import * as merge from './merge.ts';
import * as rules from './rules.ts';
import * as scan from './scan.ts';
import * as verify from './verify.ts';

export function registerCommands(program: Command, ctx: CommandContext): void {
  for (const m of [audit, collect, evaluate, scan, importCmd, emulator, rules, diff, verify, merge]) m.register(program, ctx);
}
