#!/usr/bin/env node
// The `scope-registry` command (`npx scope-registry validate`): runs the command line from its
// TypeScript source through tsx's require hook, as `npm run registry --` does, so nothing is built.
"use strict";
require("tsx/cjs");
require("../src/cli/main.ts")
  .main()
  .catch((error) => {
    process.stderr.write(`error: internal failure: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 4;
  });
