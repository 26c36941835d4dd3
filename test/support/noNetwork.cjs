/**
 * Preloaded (`node --require`) into ThreatLint processes by test/unit/noNetwork.test.ts: every
 * way to reach the network or run a program throws and reports itself on stderr. Worker
 * threads inherit it through execArgv.
 */
'use strict';
const MARK = 'THREATLINT-FORBIDDEN';

function forbid(moduleName, object, names) {
  for (const name of names) {
    if (typeof object[name] !== 'function') continue;
    object[name] = function forbidden() {
      const message = `${MARK} ${moduleName}.${name}`;
      process.stderr.write(`${message}\n`);
      throw new Error(message);
    };
  }
}

const net = require('node:net');
forbid('net', net, ['connect', 'createConnection']);
forbid('net.Socket', net.Socket.prototype, ['connect']);
forbid('tls', require('node:tls'), ['connect']);
forbid('dgram', require('node:dgram'), ['createSocket']);
const dns = require('node:dns');
forbid('dns', dns, ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveTxt', 'reverse']);
forbid('dns.promises', dns.promises, ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny']);
forbid('http', require('node:http'), ['request', 'get']);
forbid('https', require('node:https'), ['request', 'get']);
forbid('http2', require('node:http2'), ['connect']);
forbid('child_process', require('node:child_process'), ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);
forbid('globalThis', globalThis, ['fetch', 'WebSocket', 'EventSource']);
