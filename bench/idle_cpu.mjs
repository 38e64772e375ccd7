// Idle cost of the page: loads it in headless Chromium, leaves it alone, and prints the
// main thread's busy time per second (Chrome DevTools Protocol metrics), idle and while the
// playground animates, and the cost of one frame of a 256x256 playground under the moving mouse.   usage: node bench/idle_cpu.mjs [build/web]
import path from 'node:path';
import { serveStatic, launchBrowser, mainThreadClock, busyPerSecond } from '../tests/browser/harness.mjs';

const root = path.resolve(process.argv[2] || 'build/web');
const server = await serveStatic(root);
const browser = await launchBrowser({ probe: false });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/dist/`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const busy = await mainThreadClock(page);  // ms
  const measure = (seconds) => busyPerSecond(page, busy, seconds);  // ms of main-thread work per second
  await page.waitForTimeout(1500);
  const idle = await measure(5);
  await page.evaluate(() => window.ConvScope.test({ cmd: 'set', query: 'I=32&K=7&P=3' }));
  await page.keyboard.press('Space');  // play
  await page.waitForTimeout(500);
  const playing = await measure(5);
  await page.keyboard.press('Space');  // pause
  // Every mouse move over a grid redraws (three frames: hover settles a frame late). The
  // chapter's 5x5 and the largest playground, 256x256 input and 250x250 output. The grid's
  // rectangle comes from the test probe, attached only now so that the figures above are
  // the page's own; the hover figures include its few records per frame.
  await page.evaluate(() => window.ConvScope.test({ cmd: 'attach' }));
  const hoverCost = async (query) => {
    await page.evaluate((q) => window.ConvScope.test({ cmd: 'set', query: q }), query);
    await page.waitForTimeout(500);
    const grid = (await page.evaluate(() => window.ConvScope.test({ cmd: 'get' }))).rects['grid:input'];
    const moves = 40;
    const t0 = await busy();
    for (let i = 0; i < moves; ++i) {
      await page.mouse.move(grid.x + (i * 7) % grid.w, grid.y + (i * 13) % grid.h);
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    }
    return ((await busy()) - t0) / moves;
  };
  const small = await hoverCost('I=5&K=3&P=0&input=ramp');
  const large = await hoverCost('I=256&K=7&P=0&input=image');
  console.log(`main-thread work per mouse move over the input grid: 5x5 ${small.toFixed(1)} ms, 256x256 ${large.toFixed(1)} ms`);
  console.log(`main thread busy: idle ${idle.toFixed(1)} ms/s (${(idle / 10).toFixed(2)} % of one core), ` +
              `animating a 32x32 playground ${playing.toFixed(1)} ms/s (${(playing / 10).toFixed(2)} %)`);
} finally {
  await browser.close();
  server.stop();
}
