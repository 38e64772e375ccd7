// Shared pieces of the browser tests: a static server for the build folder (Python's
// http.server, as the README serves it), Debian's Chromium under Playwright, and checks
// on screenshots.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-gl=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
];

export function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
  return args;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`static server did not open port ${port}`);
}

// Serves `root` on a free loopback port; returns { url, stop }.
export async function serveStatic(root) {
  const port = await freePort();
  const server = spawn('/usr/bin/python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1',
                                            '--directory', root], { stdio: 'ignore' });
  await waitForPort(port, 10000);
  return { url: `http://127.0.0.1:${port}`, stop: () => server.kill() };
}

// The page records what each frame shows for ConvScope.test only when a test attaches
// (web/index.html reads window.ConvScopeTestProbe at start-up): set before any of the page's
// own scripts run, in every page and iframe, the first get after load holds a whole frame.
function attachProbe() { window.ConvScopeTestProbe = true; }

// Chromium for the tests. Every context and page opened from it attaches the probe, unless
// `probe` is false (the benchmarks, which measure the page as users get it).
export async function launchBrowser({ probe = true } = {}) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  if (!probe) return browser;
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await context.addInitScript(attachProbe);
    return context;
  };
  browser.newPage = async (options) => {
    const page = await newPage(options);
    await page.context().addInitScript(attachProbe);  // before its first navigation
    return page;
  };
  return browser;
}

// Counts distinct colours in a PNG screenshot by drawing it into a canvas in the page.
export async function distinctColours(page, pngBuffer) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return { width: img.width, height: img.height, colours: seen.size };
  }, pngBuffer.toString('base64'));
}

// Waits until the page has drawn what the last command changed: the page draws three frames
// after a command, so four animation frames later all of them are on screen and in the
// probe, however slow software GL is on this machine.
export function drawnFrames(page) {
  return page.evaluate(() => new Promise((resolve) => {
    let n = 0;
    const tick = () => (++n >= 4 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }));
}

// The page's main-thread busy time, for figures of what it costs (never for checks): returns
// an async reader of the Chrome DevTools Protocol's TaskDuration in milliseconds.
export async function mainThreadClock(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value * 1000;
}

// Milliseconds of main-thread work per second while the page is left alone for `seconds`.
export async function busyPerSecond(page, clock, seconds) {
  const t0 = await clock();
  await page.waitForTimeout(seconds * 1000);
  return ((await clock()) - t0) / seconds;
}

export function ensureDir(dir) { mkdirSync(dir, { recursive: true }); return dir; }

// A minimal assertion counter whose closing line CI reads: "N passed, N failed".
export function makeChecker(name) {
  let passed = 0, failed = 0;
  return {
    check(condition, what) {
      if (condition) { passed++; console.log(`ok   ${what}`); }
      else { failed++; console.log(`FAIL ${what}`); }
    },
    finish() {
      console.log(`${name}: ${passed} passed, ${failed} failed`);
      process.exitCode = failed === 0 && passed > 0 ? 0 : 1;
    },
  };
}
