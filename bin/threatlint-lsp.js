#!/usr/bin/env node
'use strict';
// Starts the language server for editors other than VS Code: `threatlint-lsp --stdio`.
if (!process.argv.some((a) => a === '--stdio' || a.startsWith('--node-ipc') || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}
require('../server/out/server.js');
