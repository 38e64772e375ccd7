// The page program in two parts (cmake/SplitPage.cmake): a first visit downloads only
// convscope.wasm; convscope.deferred.HASH.wasm comes when the reader starts to use the figure, or
// when a view needs it, and every feature works either way.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, distinctColours } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_split');
const server = await serveStatic(path.resolve(args.root));
// Pages as readers get them (no test probe: it draws through code a reader's page never runs).
const browser = await launchBrowser({ probe: false });
const viewport = { width: 1280, height: 800 };
const dist = path.resolve(args.root, args.subpath);
const deferredName = readdirSync(dist).find((name) => name.startsWith('convscope.deferred.'));
const RECORD = 'the first visit calls code that is not in convscope.wasm: run scripts/record-first-visit.sh';

// Opens `hash` and returns the page with the requests it made for the deferred part and the
// split-module loader's notes.
async function open(hash, { root = `${server.url}/${args.subpath}`, init } = {}) {
  const context = await browser.newContext({ viewport });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const seen = { deferred: 0, placeholders: [], errors: [] };
  page.on('request', (r) => { if (r.url().includes('convscope.deferred.')) seen.deferred++; });
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith('placeholder function called')) seen.placeholders.push(text);
    else if (m.type() === 'error') seen.errors.push(text);
  });
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  await page.goto(`${root}/index.html${hash ? '#' + hash : ''}`);
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state), null, { timeout: 60000 });
  await page.waitForTimeout(300);
  return { context, page, seen };
}
const dataset = (page) => page.evaluate(() => ({ ...document.body.dataset }));
const canvasBox = (page) => page.evaluate(() => {
  const r = document.getElementById('canvas').getBoundingClientRect();
  return { x: r.x, y: r.y, w: r.width, h: r.height };
});

try {
  // 0. The deferred part is named by the first part's hash, and the glue asks for that name.
  t.check(/^convscope\.deferred\.[0-9a-f]{12}\.wasm$/.test(deferredName || '') &&
          readFileSync(path.join(dist, 'convscope.js'), 'utf8').includes(deferredName),
          `the deferred part is ${deferredName}, and convscope.js names it`);

  // 0b. What a first visit transfers stays within its budget of 350 KB (gzip -9), and the
  // first part does not carry ImGui's built-in font (cmake/page-split/drop_default_font.mjs).
  {
    const firstVisit = ['index.html', 'convscope.js', 'convscope.wasm']
      .reduce((sum, name) => sum + gzipSync(readFileSync(path.join(dist, name)), { level: 9 }).length, 0);
    t.check(firstVisit <= 350000, `a first visit transfers ${firstVisit} B gzip (budget 350,000 B)`);
    const proggyStart = Buffer.from("7])#######hV0qs'/###[),##/l:$#Q6>##5[n42>c-TH`->>#/e>11NNV=Bv(*:.F?uu#(gRU.o0XGH`$vhLG1hxt9?W`#,5LsCp#-i>.r$<$6pD>Lb';9Crc6tg", 'latin1');
    t.check(readFileSync(path.join(dist, 'convscope.wasm')).indexOf(proggyStart) < 0,
            "convscope.wasm does not carry ImGui's default font (ProggyClean), which the page never uses");
  }

  // 1. The first visit: drawn without the deferred part, which comes in the background once
  // the reader points at the figure, before any press can need it.
  {
    const { context, page, seen } = await open('');
    t.check((await dataset(page)).state === 'ready', 'the page without a link is drawn');
    t.check(seen.deferred === 0 && seen.placeholders.length === 0,
            `drawn, it has not asked for the deferred part (${seen.deferred} requests, ` +
            `${seen.placeholders.length} deferred calls${seen.placeholders.length ? ': ' + RECORD : ''})`);
    const box = await canvasBox(page);
    for (let i = 0; i < 20; i++) {
      await page.mouse.move(box.x + box.w * (0.2 + 0.03 * i), box.y + box.h * (0.3 + 0.02 * i));
      await page.waitForTimeout(20);
    }
    await page.waitForFunction(() => document.body.dataset.deferred === 'ready', null, { timeout: 30000 });
    const after = await dataset(page);
    t.check(seen.deferred === 1 && !after.deferredSync && seen.placeholders.length === 0,
            `pointing at the figure fetches the deferred part once, in the background (${seen.deferred} requests, ` +
            `${after.deferredSync || 0} synchronous loads, ${seen.placeholders.length} deferred calls before it came)`);
    const answer = await page.evaluate(() => window.ConvScope.eval({ op: 'shape', input: [224], layer: { kernel: 7, stride: 2, padding: 'same', same_rule: 'tensorflow' } }));
    t.check(JSON.stringify(answer.output) === '[112]', `then the JSON API (deferred code) answers (${JSON.stringify(answer.output)})`);
    t.check(seen.errors.length === 0, `no console errors (${seen.errors.join(' | ').slice(0, 200)})`);
    await context.close();
  }

  // 2. The playground's figures, embedded by link: drawn without the deferred part.
  for (const hash of ['embed=1&panel=playground&I=5&K=3&S=1&P=0',
                      'embed=1&panel=padding-modes&I=5&K=3&P=2&mode=reflect&lock=I,K',
                      'embed=1&panel=dilation&I=9&K=3&D=2',
                      'embed=1&panel=transposed&type=conv_transpose&I=3&K=3&S=2&P=1&op=1']) {
    const { context, page, seen } = await open(hash);
    t.check((await dataset(page)).state === 'ready' && seen.deferred === 0 && seen.placeholders.length === 0,
            `${hash.split('&')[1]}: drawn from convscope.wasm alone (${seen.deferred} requests for the deferred part` +
            `${seen.placeholders.length ? '; ' + RECORD : ''})`);
    await context.close();
  }

  // 3. A view whose first frame needs the deferred part: it is loaded there and then.
  {
    const { context, page, seen } = await open('view=rf&rf_panel=unet');
    const d = await dataset(page);
    const shot = await page.screenshot({ path: path.join(artifacts, 'split-unet-first-frame.png') });
    const { colours } = await distinctColours(page, shot);
    t.check(d.state === 'ready' && d.deferred === 'ready' && colours > 50,
            `the U-Net planner, which needs the deferred part to draw, is drawn (${d.deferredSync || 0} synchronous loads, ${colours} colours)`);
    t.check(seen.errors.length === 0, `and logs no error (${seen.errors.join(' | ').slice(0, 200)})`);
    await context.close();
  }

  // 4. A browser that refuses to compile more than 4 KB synchronously (Chrome before 115)
  // gets both parts before the program starts.
  {
    const refuseSyncCompile = () => {
      const Module = WebAssembly.Module;
      WebAssembly.Module = function (bytes) {
        if (bytes.byteLength > 4096) throw new RangeError('WebAssembly.Compile is disallowed on the main thread, if the buffer size is larger than 4KB.');
        return new Module(bytes);
      };
      WebAssembly.Module.prototype = Module.prototype;
      Object.assign(WebAssembly.Module, Module);
    };
    const { context, page, seen } = await open('view=rf&rf_panel=unet', { init: refuseSyncCompile });
    const d = await dataset(page);
    t.check(d.state === 'ready' && d.deferred === 'ready' && !d.deferredSync && seen.deferred === 1,
            `without synchronous compilation, both parts are fetched before the start (${seen.deferred} requests, ${d.deferredSync || 0} synchronous loads)`);
    await context.close();
  }

  // 5. The deferred part unreachable (a partial copy of the folder, or offline before it was
  // ever fetched): a view that needs it says so in words.
  {
    const work = mkdtempSync(path.join(tmpdir(), 'convscope-split-'));
    cpSync(dist, work, { recursive: true });
    rmSync(path.join(work, deferredName));
    const partial = await serveStatic(work);
    const { context, page } = await open('view=rf&rf_panel=unet', { root: partial.url });
    const d = await dataset(page);
    const message = await page.locator('#status-text').textContent();
    t.check(d.state === 'error' && message.includes(deferredName) && message.includes('HTTP 404'),
            `without its deferred part the page says what is missing: "${message.slice(0, 90)}…"`);
    await context.close();
    partial.stop();
    rmSync(work, { recursive: true, force: true });
  }
} finally {
  await browser.close();
  server.stop();
}
t.finish();
