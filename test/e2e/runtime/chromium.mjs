// Debian's Chromium as the e2e suite and the screenshots drive it: headless, as root (no sandbox),
// and without background networking (the machine has no network; Chromium's attempts only add noise).
export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
