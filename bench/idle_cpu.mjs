// Idle cost of the page: loads it in headless Chromium, leaves it alone, and prints the
// main thread's busy time per second (Chrome DevTools Protocol metrics), idle and while the
// playground animates.   usage: node bench/idle_cpu.mjs [build/web]
import path from 'node:path';
import { serveStatic, launchBrowser } from '../tests/browser/harness.mjs';

const root = path.resolve(process.argv[2] || 'build/web');
const server = await serveStatic(root);
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/dist/`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name) => metrics.find((m) => m.name === name).value;
    return get('TaskDuration');
  };
  const measure = async (seconds) => {
    const t0 = await busy();
    await page.waitForTimeout(seconds * 1000);
    return ((await busy()) - t0) / seconds * 1000;  // ms of main-thread work per second
  };
  await page.waitForTimeout(1500);
  const idle = await measure(5);
  await page.evaluate(() => window.ConvScope.test({ cmd: 'set', query: 'I=32&K=7&P=3' }));
  await page.keyboard.press('Space');  // play
  await page.waitForTimeout(500);
  const playing = await measure(5);
  console.log(`main thread busy: idle ${idle.toFixed(1)} ms/s (${(idle / 10).toFixed(2)} % of one core), ` +
              `animating a 32x32 playground ${playing.toFixed(1)} ms/s (${(playing / 10).toFixed(2)} %)`);
} finally {
  await browser.close();
  server.stop();
}
