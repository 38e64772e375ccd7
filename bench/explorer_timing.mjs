// The explorer's two quality bars, measured in headless Chromium on the page's own module:
// the table and theoretical fields of a 50-layer stack, and the effective receptive field of
// ResNet-50's main path at 224x224 (single thread, wasm SIMD), through ConvScope.eval
// (so JSON in and out are included), and the same as the explorer redraws it (set + frame).
//   usage: node bench/explorer_timing.mjs [build/web]
import path from 'node:path';
import { serveStatic, launchBrowser, drawnFrames } from '../tests/browser/harness.mjs';

const root = path.resolve(process.argv[2] || 'build/web');
const server = await serveStatic(root);
const browser = await launchBrowser({ probe: false });  // its values come from the models
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${server.url}/dist/`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const time = (request, runs) => page.evaluate(([r, n]) => {
    const times = [];
    for (let i = 0; i < n; ++i) {
      const t0 = performance.now();
      window.ConvScope.eval(r);
      times.push(performance.now() - t0);
    }
    return times;
  }, [request, runs]);
  const table = median(await time({ op: 'rf_table', preset: 'resnet50_torchvision', format: 'json' }, 50));
  const fields = median(await time({ op: 'receptive_field', input: [224, 224], layers: Array.from({ length: 50 }, () => ({ kernel: 3, padding: 1 })) }, 50));
  const erf = median(await time({ op: 'effective_rf', preset: 'resnet50_torchvision', map: false }, 15));
  console.log(`ConvScope.eval in the page: 50-layer theoretical fields ${fields.toFixed(2)} ms, ` +
              `ResNet-50 table ${table.toFixed(2)} ms, ResNet-50 effective field at 224 ${erf.toFixed(1)} ms (median)`);
  // The explorer itself: choosing a unit recomputes the effective field and draws it.
  const redraw = [];
  for (let i = 0; i < 7; ++i) {
    const t0 = Date.now();
    await page.evaluate((u) => window.ConvScope.test({ cmd: 'set', query: `view=rf&rf_preset=resnet50_torchvision&unit=${u}x3&erf=uniform&rf_panel=picture` }), i % 7);
    await drawnFrames(page);
    redraw.push(Date.now() - t0);
  }
  console.log(`explorer: new unit on ResNet-50 (effective field + three frames, software GL): median ${median(redraw)} ms`);
  // Inside the explorer, timed by the application around its own calls into the core.
  const rebuilds = [], erfs = [];
  const stack = Array.from({ length: 50 }, (_, i) => (i % 10 === 9 ? 'c3s2p1' : 'c3p1')).join(';');
  for (let i = 0; i < 9; ++i) {
    await page.evaluate((q) => window.ConvScope.test({ cmd: 'set', query: q }), `view=rf&rf_in=224x224&stack=${stack}&unit=${i}x0&erf=off`);
    await drawnFrames(page);
    rebuilds.push((await page.evaluate(() => window.ConvScope.test({ cmd: 'get' }))).values.rf_rebuild_ms);
    await page.evaluate((u) => window.ConvScope.test({ cmd: 'set', query: `view=rf&rf_preset=resnet50_torchvision&unit=${u}x2&erf=uniform&rf_panel=picture` }), i % 7);
    await drawnFrames(page);
    erfs.push((await page.evaluate(() => window.ConvScope.test({ cmd: 'get' }))).values.erf_ms);
  }
  console.log(`explorer, in the application: fields + table of a 50-layer stack ${median(rebuilds).toFixed(3)} ms, ` +
              `ResNet-50 effective field at 224 ${median(erfs).toFixed(1)} ms (median of 9)`);
} finally {
  await browser.close();
  server.stop();
}
