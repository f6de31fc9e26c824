#!/usr/bin/env node
// The CLI runs the compiled JavaScript in dist/ (built by `npm run build`, which `npm ci` and
// `npm pack` run through the prepare and prepack scripts). tsx is loaded only to import a user's
// TypeScript rule pack.
await import('../dist/src/cli/main.js');
