// What an interactive frame costs the page's main thread, in headless Chromium: hovering the
// chapter's 5x5 grid, dragging the stride slider and hovering a 32x32 heat map. For each it
// prints the median main-thread time of a drawn frame (the animation-frame callback: wasm and
// JavaScript), its split (ConvScope's frame code, ImGui, handing the lists to GL, and the
// time inside WebGL calls), the WebGL calls per frame and how many of them query GL state,
// and the history.replaceState calls (the address). It ends with the idle frames per second.
//   usage: node bench/frame_cost.mjs [build/web]
import path from 'node:path';
import { serveStatic, launchBrowser } from '../tests/browser/harness.mjs';

const root = path.resolve(process.argv[2] || 'build/web');
const server = await serveStatic(root);
const browser = await launchBrowser({ probe: false });
const viewport = { width: 1280, height: 800 };

// Installed before the page's scripts: times each animation-frame callback and each WebGL
// call, and counts the address writes.
function instrument() {
  const QUERIES = new Set(['getParameter', 'getError', 'isEnabled', 'getIntegerv',
    'getShaderParameter', 'getProgramParameter', 'getUniformLocation', 'getAttribLocation',
    'checkFramebufferStatus', 'readPixels', 'getBufferSubData', 'getSyncParameter']);
  const stats = { frames: [], glMs: 0, glCalls: 0, queries: 0, queryNames: {}, addressWrites: 0 };
  window.frameStats = stats;
  const proto = WebGL2RenderingContext.prototype;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (typeof descriptor.value !== 'function' || name === 'constructor') continue;
    const original = descriptor.value;
    const isQuery = QUERIES.has(name);
    proto[name] = function (...args) {
      const t0 = performance.now();
      try { return original.apply(this, args); } finally {
        stats.glMs += performance.now() - t0;
        stats.glCalls += 1;
        if (isQuery) { stats.queries += 1; stats.queryNames[name] = (stats.queryNames[name] || 0) + 1; }
      }
    };
  }
  const raf = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => raf((time) => {
    const gl0 = stats.glMs, calls0 = stats.glCalls, queries0 = stats.queries;
    const t0 = performance.now();
    try { callback(time); } finally {
      const calls = stats.glCalls - calls0;
      if (calls > 0) {
        stats.frames.push({ ms: performance.now() - t0, glMs: stats.glMs - gl0, calls, queries: stats.queries - queries0 });
      }
    }
  });
  const replace = history.replaceState.bind(history);
  history.replaceState = (...a) => { stats.addressWrites += 1; return replace(...a); };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : NaN;
};
const nextFrames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

// A control's rectangle, from a page with the test probe (the measured page has none).
async function rectOf(state, id) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(() => { window.ConvScopeTestProbe = true; });
  const page = await context.newPage();
  await page.goto(`${server.url}/dist/#${state}`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  await nextFrames(page);
  const rect = (await page.evaluate(() => window.ConvScope.test({ cmd: 'get' }))).rects[id];
  await context.close();
  return rect;
}

async function measure(label, state, id, act) {
  const rect = await rectOf(state, id);
  const context = await browser.newContext({ viewport });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  await page.goto(`${server.url}/dist/#${state}`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  await page.waitForTimeout(500);
  await page.evaluate(() => Object.assign(window.frameStats, { frames: [], addressWrites: 0, queries: 0, queryNames: {} }));
  // (A build from before the platform kept timings has no split: only the totals print.)
  const timings = () => page.evaluate(() => (window.ConvScope.frameTimings ? window.ConvScope.frameTimings()
    : { frames: 0, appMs: NaN, imguiMs: NaN, drawMs: NaN }));
  const before = await timings();
  await act(page, rect);
  await page.waitForTimeout(400);
  const after = await timings();
  const stats = await page.evaluate(() => window.frameStats);
  await context.close();
  const frames = after.frames - before.frames;
  const per = (key) => (after[key] - before[key]) / Math.max(frames, 1);
  const f = stats.frames;
  console.log(`${label}: ${f.length} frames drawn; main thread per frame: median ${median(f.map((x) => x.ms)).toFixed(2)} ms ` +
              `(max ${Math.max(...f.map((x) => x.ms)).toFixed(1)})`);
  console.log(`  split (means): ConvScope frame ${per('appMs').toFixed(2)} ms, ImGui ${per('imguiMs').toFixed(2)} ms, ` +
              `handing lists to GL ${per('drawMs').toFixed(2)} ms, of which inside WebGL calls median ${median(f.map((x) => x.glMs)).toFixed(2)} ms`);
  console.log(`  WebGL calls per frame: median ${median(f.map((x) => x.calls))}, state queries ${f.reduce((s, x) => s + x.queries, 0)} in all` +
              (Object.keys(stats.queryNames).length ? ` ${JSON.stringify(stats.queryNames)}` : '') +
              `; address writes ${stats.addressWrites}`);
}

try {
  await measure('hover the 5x5 input grid', 'view=playground&I=5&K=3&S=1&P=0', 'grid:input', async (page, grid) => {
    for (let i = 0; i < 60; ++i) {
      await page.mouse.move(grid.x + ((i * 7) % 50) / 50 * grid.w, grid.y + ((i * 13) % 50) / 50 * grid.h);
      await nextFrames(page);
    }
  });
  await measure('drag the stride slider', 'view=playground&I=32&K=3&S=1&P=0', 'control:stride S', async (page, slider) => {
    const y = slider.y + slider.h / 2;
    await page.mouse.move(slider.x + 4, y);
    await page.mouse.down();
    for (let i = 0; i <= 60; ++i) {
      await page.mouse.move(slider.x + 4 + (slider.w - 8) * (i % 30) / 29, y);
      await nextFrames(page);
    }
    await page.mouse.up();
  });
  await measure('hover the 32x32 heat map', 'view=playground&I=32&K=3&S=1&P=0', 'grid:input', async (page, grid) => {
    for (let i = 0; i < 60; ++i) {
      await page.mouse.move(grid.x + ((i * 7) % 50) / 50 * grid.w, grid.y + ((i * 13) % 50) / 50 * grid.h);
      await nextFrames(page);
    }
  });

  // Idle: no frame at all once the page has settled.
  const context = await browser.newContext({ viewport });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  await page.goto(`${server.url}/dist/`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 60000 });
  await page.waitForTimeout(1000);
  const drawn = await page.evaluate(async () => {
    const n = window.frameStats.frames.length;
    await new Promise((r) => setTimeout(r, 3000));
    return window.frameStats.frames.length - n;
  });
  console.log(`idle: ${drawn} frames drawn in 3 s`);
  await context.close();
} finally {
  await browser.close();
  server.stop();
}
