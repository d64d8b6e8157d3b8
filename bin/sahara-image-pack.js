#!/usr/bin/env node
// Runs the compiled CLI (dist/). `make build` or `npm install` builds it.
import { main } from '../dist/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`sahara-image-pack: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 70;
  },
);
