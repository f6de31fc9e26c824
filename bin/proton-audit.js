#!/usr/bin/env node
// The CLI is TypeScript run through tsx's loader, so custom TypeScript rule packs load the same way.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
