#!/usr/bin/env node
'use strict';
// Launcher for the bundled CLI (built by `npm run build`).
const { main } = require('../server/out/cli.js');
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
