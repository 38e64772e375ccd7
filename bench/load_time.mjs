// How fast the page loads: the bytes a first visit transfers (raw and gzip-compressed, as a
// static host serves them) and the time from navigation to the first drawn frame in headless
// Chromium over five cold loads, with the bare Dear ImGui + SDL2 page (bench/bare_page) loaded
// alternately in the same run, and where ConvScope's time goes. Each load is cold (a fresh
// browser context, nothing cached); before the timed ones, each page is loaded once untimed, so
// that neither pays for the browser's own first navigation, and the pairs alternate which page
// goes first.
// The machine's load moves both pages by tens of milliseconds from one run to the next, and
// the ratio of two medians of five with them; BATCHES > 1 repeats the five pairs and prints
// each batch's ratio and the medians of all loads together.
//   usage: node bench/load_time.mjs [build/web] [BATCHES]
import path from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { serveStatic, launchBrowser } from '../tests/browser/harness.mjs';

const root = path.resolve(process.argv[2] || 'build/web');
const batches = Math.max(1, Math.floor(Number(process.argv[3] || 1)));
const sizes = (folder, names) => {
  let raw = 0, gz = 0;
  for (const name of names) {
    const bytes = readFileSync(path.join(root, folder, name));
    const packed = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += packed;
    console.log(`${(folder + '/' + name).padEnd(28)} ${String(bytes.length).padStart(9)} B   gzip ${String(packed).padStart(8)} B`);
  }
  return { raw, gz };
};
const page = sizes('dist', ['index.html', 'convscope.js', 'convscope.wasm']);
console.log(`${'ConvScope, first visit'.padEnd(28)} ${String(page.raw).padStart(9)} B   gzip ${String(page.gz).padStart(8)} B` +
            `   (${readdirSync(path.join(root, 'dist')).length} files in dist/; sw.js comes after the first frame, ` +
            'convscope.deferred.*.wasm when the reader turns to the figure)');
const bare = sizes('bench/bare_page', ['index.html', 'hello.js', 'hello.wasm']);
console.log(`${'bare page, first visit'.padEnd(28)} ${String(bare.raw).padStart(9)} B   gzip ${String(bare.gz).padStart(8)} B` +
            `   (ConvScope ${(page.gz / bare.gz).toFixed(2)}x)`);

const server = await serveStatic(root);
const browser = await launchBrowser({ probe: false });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
try {
  const load = async (url) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const tab = await context.newPage();
    await tab.goto(url);
    await tab.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 60000 });
    const times = await tab.evaluate(() => {
      const at = (name) => (performance.getEntriesByName(name)[0] || {}).startTime;
      const end = (suffix) => {
        const entry = performance.getEntriesByType('resource').find((e) => e.name.endsWith(suffix));
        return entry ? entry.responseEnd : NaN;
      };
      return { frame: at('convscope-first-frame'), html: performance.getEntriesByType('navigation')[0].responseEnd,
               js: end('.js'), wasm: end('.wasm'), ready: at('convscope-module-ready'),
               main: at('convscope-main'), first: at('convscope-first-frame'),
               deferred: performance.getEntriesByType('resource').some((e) => e.name.includes('convscope.deferred.')) };
    });
    await context.close();
    return times;
  };
  const oursUrl = `${server.url}/dist/`, bareUrl = `${server.url}/bench/bare_page/`;
  await load(bareUrl);
  await load(oursUrl);
  const ours = [], bares = [], ratios = [];
  for (let batch = 0; batch < batches; ++batch) {
    const oursBatch = [], baresBatch = [];
    for (let i = 0; i < 5; ++i) {
      if ((batch * 5 + i) % 2 === 0) {
        oursBatch.push(await load(oursUrl));
        baresBatch.push(await load(bareUrl));
      } else {
        baresBatch.push(await load(bareUrl));
        oursBatch.push(await load(oursUrl));
      }
    }
    ratios.push(median(oursBatch.map((t) => t.frame)) / median(baresBatch.map((t) => t.frame)));
    ours.push(...oursBatch);
    bares.push(...baresBatch);
  }
  const ms = (v) => `${v.toFixed(0)} ms`;
  if (batches > 1) {
    console.log(`${batches} batches of 5 cold loads each; ConvScope / bare page, each batch's medians: ` +
                ratios.map((r) => r.toFixed(2) + 'x').join(', ') +
                ` (${ratios.filter((r) => r <= 1.3).length} of ${batches} at most 1.3x); all ${ours.length} loads together:`);
  }
  const withDeferred = ours.filter((t) => t.deferred).length;
  if (withDeferred) console.log(`(${withDeferred} of ${ours.length} loads fetched the deferred part before their first frame)`);
  const oursFrame = median(ours.map((t) => t.frame)), bareFrame = median(bares.map((t) => t.frame));
  console.log(`time to first frame, ${ours.length} cold loads each, headless Chromium (software GL): ConvScope median ${ms(oursFrame)} ` +
              `(min ${ms(Math.min(...ours.map((t) => t.frame)))}, max ${ms(Math.max(...ours.map((t) => t.frame)))}), ` +
              `bare page median ${ms(bareFrame)}: ${(oursFrame / bareFrame).toFixed(2)}x`);
  const step = (key, from) => median(ours.map((t) => t[key] - (from ? t[from] : 0)));
  console.log(`ConvScope's medians: page ${ms(step('html'))}, convscope.js ${ms(step('js'))}, ` +
              `wasm downloaded ${ms(step('wasm'))} (compiled while it streams), module ready ${ms(step('ready'))}, ` +
              `main started ${ms(step('main'))}, first frame drawn ${ms(step('first'))}`);
  const bareStep = (key) => median(bares.map((t) => t[key]));
  console.log(`bare page's medians: page ${ms(bareStep('html'))}, hello.js ${ms(bareStep('js'))}, ` +
              `wasm downloaded ${ms(bareStep('wasm'))}, first frame drawn ${ms(bareStep('frame'))}`);
  console.log(`  of which: wasm download to module ready ${ms(step('ready', 'wasm'))} (compile, instantiate), ` +
              `main to first frame ${ms(step('first', 'main'))} (start-up, fonts, the first frame)`);
} finally {
  await browser.close();
  server.stop();
}
