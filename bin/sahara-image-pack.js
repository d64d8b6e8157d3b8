#!/usr/bin/env node
// Runs the compiled CLI (dist/). `make build` or `npm install` builds it.
import { main } from '../dist/cli/main.js';

// Output piped into `head` and the like: a closed pipe ends the run quietly, as for other tools.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`sahara-image-pack: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 70;
  },
);
