// Records which functions of the page program the first visit calls, into
// cmake/page-split/first-visit-functions.txt (cmake/SplitPage.cmake keeps those in
// convscope.wasm and defers the rest). Run by scripts/record-first-visit.sh after the page
// is built, whenever the first frames start to call code the list lacks (the browser test
// tests/browser/split.mjs says so).
//
// The first visit is: the page opened without a link and the playground's figures embedded
// by link, each drawn, hovered over its grid, its stride slider dragged and its first
// controls reached with Tab. The instrumented program (wasm-split --instrument, left by the
// build in build/web/page-split) notes the first call of each function; the notes of every
// visit are merged and named from the program's name section.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, serveStatic } from '../tests/browser/harness.mjs';

const VISITS = [
  '',
  'embed=1&panel=playground&I=5&K=3&S=1&P=0',
  'embed=1&panel=padding-modes&I=5&K=3&P=2&mode=reflect&lock=I,K',
  'embed=1&panel=dilation&I=9&K=3&D=2',
  'embed=1&panel=transposed&type=conv_transpose&I=3&K=3&S=2&P=1&op=1',
];
const FEATURES = readFileSync(new URL('../cmake/page-split/binaryen-features.txt', import.meta.url), 'utf8')
  .split('\n').filter(Boolean);

const [build = 'build/web', output = 'cmake/page-split/first-visit-functions.txt'] = process.argv.slice(2);
const work = mkdtempSync(path.join(tmpdir(), 'convscope-record-'));
const root = path.join(work, 'dist');
cpSync(path.join(build, 'dist'), root, { recursive: true });
copyFileSync(path.join(build, 'page-split', 'convscope.instrumented.wasm'), path.join(root, 'convscope.wasm'));
rmSync(path.join(root, 'sw.js'), { force: true });  // every visit from the server, never a cache

const server = await serveStatic(root);
const browser = await launchBrowser({ probe: false });
const viewport = { width: 1280, height: 800 };

// The rectangles of a grid and a slider, from a page with the test probe (not recorded).
async function rectsOf(hash) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(() => { window.ConvScopeTestProbe = true; });
  const page = await context.newPage();
  await page.goto(`${server.url}/index.html#${hash}`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const { rects } = await page.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
  await context.close();
  return rects;
}

// The instrumented program's exports, caught as it is instantiated.
function catchExports() {
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async function (...args) {
    const result = await instantiate.apply(this, args);
    const instance = result.instance || result;
    if (instance.exports.__write_profile) window.recordedExports = instance.exports;
    return result;
  };
}

const profiles = [];
for (const hash of VISITS) {
  const rects = await rectsOf(hash);
  const context = await browser.newContext({ viewport });
  await context.addInitScript(catchExports);
  const page = await context.newPage();
  await page.goto(`${server.url}/index.html${hash ? '#' + hash : ''}`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 60000 });
  await page.waitForTimeout(300);
  const grid = rects['grid:input'];
  if (grid) {
    for (let i = 0; i < 12; i++) {
      await page.mouse.move(grid.x + ((i * 7) % 12) / 12 * grid.w, grid.y + ((i * 5) % 12) / 12 * grid.h);
      await page.waitForTimeout(30);
    }
  }
  const slider = rects['control:stride S'];
  if (slider) {
    const y = slider.y + slider.h / 2;
    await page.mouse.move(slider.x + 4, y);
    await page.mouse.down();
    for (let i = 0; i < 10; i++) {
      await page.mouse.move(slider.x + 4 + (slider.w - 8) * i / 9, y);
      await page.waitForTimeout(30);
    }
    await page.mouse.up();
  }
  for (let i = 0; i < 3; i++) { await page.keyboard.press('Tab'); await page.waitForTimeout(50); }
  await page.waitForTimeout(300);
  const bytes = await page.evaluate(() => {
    const exports = window.recordedExports;
    const memory = Object.values(exports).find((v) => v instanceof WebAssembly.Memory);
    const at = memory.grow(4) * 65536;  // fresh pages: nothing of the program's lives there
    const length = exports.__write_profile(at, 4 * 65536);
    return Array.from(new Uint8Array(memory.buffer, at, length));
  });
  const file = path.join(work, `visit${profiles.length}.prof`);
  writeFileSync(file, Buffer.from(bytes));
  profiles.push(file);
  await context.close();
  console.log(`recorded ${hash || '(no link)'}`);
}
await browser.close();
server.stop();

// A profile is the program's hash (8 bytes), then one 32-bit first-call time per defined
// function, in the order of the program's functions (0: never called).
const merged = path.join(work, 'merged.prof');
execFileSync('wasm-split', ['--merge-profiles', ...profiles, '-o', merged]);
const times = readFileSync(merged).subarray(8);
const defined = times.length / 4;
const map = execFileSync('wasm-opt', [...FEATURES, path.join(build, 'page-split', 'convscope.named.wasm'),
                                      '--print-function-map', '-o', '/dev/null'], { maxBuffer: 64 << 20 }).toString();
const names = map.split('\n').filter(Boolean).map((line) => line.slice(line.indexOf(':') + 1));
const imported = names.length - defined;
const kept = [];
for (let i = 0; i < defined; i++) if (times.readUInt32LE(i * 4)) kept.push(names[imported + i]);
writeFileSync(output, kept.join('\n') + '\n');
rmSync(work, { recursive: true, force: true });
console.log(`${kept.length} of ${defined} functions are called by the first visit; written to ${output}`);
