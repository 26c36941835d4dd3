// npm run icon: renders media/icon.svg to media/icon.png (256×256, transparent corners), the PNG
// the marketplace and VS Code's extension list need. Uses Debian's Chromium through playwright-core.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(import.meta.dirname, '..');
const svg = fs.readFileSync(path.join(root, 'media', 'icon.svg'), 'utf8');
// Chromium's profile and caches go to a temporary HOME, not the user's.
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'threatlint-icon-'));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home },
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 256, height: 256 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: path.join(root, 'media', 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
  fs.rmSync(home, { recursive: true, force: true });
}
console.log('icon: wrote media/icon.png');
