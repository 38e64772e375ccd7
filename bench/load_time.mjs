// How fast the page loads: the bytes a first visit transfers (raw and gzip-compressed, as a
// static host serves them) and the time from navigation to the first drawn frame in headless
// Chromium, over five cold loads.   usage: node bench/load_time.mjs [build/web]
import path from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { serveStatic, launchBrowser } from '../tests/browser/harness.mjs';

const root = path.resolve(process.argv[2] || 'build/web');
const dist = path.join(root, 'dist');
let raw = 0, gz = 0;
for (const name of ['index.html', 'convscope.js', 'convscope.wasm', 'sw.js']) {
  const bytes = readFileSync(path.join(dist, name));
  const packed = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += packed;
  console.log(`${name.padEnd(16)} ${String(bytes.length).padStart(9)} B   gzip ${String(packed).padStart(8)} B`);
}
console.log(`${'first visit'.padEnd(16)} ${String(raw).padStart(9)} B   gzip ${String(gz).padStart(8)} B` +
            `   (${readdirSync(dist).length} files in dist/)`);

const server = await serveStatic(root);
const browser = await launchBrowser({ probe: false });
try {
  const times = [];
  for (let i = 0; i < 5; ++i) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/dist/`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 60000 });
    times.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  times.sort((a, b) => a - b);
  console.log(`time to first frame, cold, headless Chromium (software GL): median ${times[2].toFixed(0)} ms ` +
              `(min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)})`);
} finally {
  await browser.close();
  server.stop();
}
