// Offline after the first visit: the service worker caches the page, script and wasm;
// with the network cut, a reload still reaches a drawn, working ConvScope.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, drawnFrames } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_offline');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();

try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 650 } });
  // When the page registers its worker: only after the first frame, so that the worker's
  // install (which fetches the page's files again) does not compete with the first load.
  await context.addInitScript(() => {
    const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
    navigator.serviceWorker.register = (...a) => { window.workerRegisteredAt = performance.now(); return register(...a); };
  });
  const page = await context.newPage();
  const ready = () => page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  await page.goto(`${server.url}/${args.subpath}/#I=6&K=3&S=1&P=0&D=1`);
  await ready();
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  t.check(scope.endsWith(`/${args.subpath}/`), `the service worker is active for the page's folder (${scope})`);
  const order = await page.evaluate(() => ({
    registered: window.workerRegisteredAt, frame: performance.getEntriesByName('convscope-first-frame')[0].startTime }));
  t.check(order.registered > order.frame,
          `it is registered after the first frame (${order.registered.toFixed(0)} ms, first frame ${order.frame.toFixed(0)} ms)`);
  // The install step fills the cache with the page and the first visit's part of the
  // program; the deferred part is cached when the page fetches it (pointing at the figure).
  const cached = (file) => page.evaluate(async (name) => {
    for (let i = 0; i < 150; i++) {
      if (await caches.match(new URL(name, location.href).href)) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  }, file);
  t.check(await cached('convscope.wasm'), 'the service worker has cached convscope.wasm');
  await page.mouse.move(300, 300);
  await page.mouse.move(320, 310);
  const deferred = readdirSync(path.resolve(args.root, args.subpath)).find((name) => name.startsWith('convscope.deferred.'));
  t.check(await cached(deferred), `pointing at the figure fetches and caches the deferred part (${deferred})`);
  await context.setOffline(true);
  await page.reload();
  await ready();
  await drawnFrames(page);
  const snap = await page.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
  t.check(JSON.stringify(snap.values.output_size) === '[4,4]', `offline reload draws the page with its state (output ${snap.values.output_size})`);
  // The JSON API lives in the deferred part: offline, it comes from the cache.
  const api = await page.evaluate(() => window.ConvScope.eval({ op: 'shape', input: [9], layer: { kernel: 3 } }));
  t.check(JSON.stringify(api.output) === '[7]', `offline, the deferred part answers from the cache (output ${JSON.stringify(api.output)})`);
  const online = await page.evaluate(() => navigator.onLine);
  t.check(online === false, 'and the browser really was offline');
  await page.screenshot({ path: path.join(artifacts, 'offline-reload.png') });
  await context.close();
} finally {
  await browser.close();
  server.stop();
}
t.finish();
