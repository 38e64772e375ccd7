// Browser smoke test: serves the build folder so the page lives under a sub-path, loads it
// in headless Chromium at device pixel ratio 1 and 2, waits for the first frame, and checks
// for console errors, a non-blank canvas that fills the window, and that it follows resizes;
// every page in dist/ loads without a failed request or console error.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, serveStatic, launchBrowser, distinctColours, ensureDir, makeChecker, drawnFrames } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const root = path.resolve(args.root);
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_smoke');
const server = await serveStatic(root);
const browser = await launchBrowser();
try {
  for (const scale of [1, 2]) {
    const context = await browser.newContext({ viewport: { width: 1024, height: 640 }, deviceScaleFactor: scale });
    const page = await context.newPage();
    const problems = [];
    const foreignRequests = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) foreignRequests.push(r.url()); });
    const programRequests = [];
    page.on('request', (r) => { if (/\/convscope\.(js|wasm)$/.test(r.url())) programRequests.push(r.url().split('/').pop()); });
    // Every WebGL context the page creates (a figure may hold one; each costs start-up time
    // and counts against the browser's limit).
    await page.addInitScript(() => {
      const contexts = window.webglContextsCreated = new Set();
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        const context = original.call(this, kind, ...rest);
        if (context && /webgl/.test(kind)) contexts.add(context);
        return context;
      };
    });

    const url = `${server.url}/${args.subpath}/`;
    const started = Date.now();
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.state === 'ready' || document.body.dataset.state === 'error',
                               null, { timeout: 60000 });
    const state = await page.evaluate(() => document.body.dataset.state);
    t.check(state === 'ready', `dpr ${scale}: first frame reported (${Date.now() - started} ms)`);
    const hidden = await page.evaluate(() => document.getElementById('status').classList.contains('hidden'));
    t.check(hidden, `dpr ${scale}: loading indicator hidden after the first frame`);
    // Both are preloaded from the page's head; the preloads are what the page then uses.
    t.check(programRequests.sort().join() === 'convscope.js,convscope.wasm',
            `dpr ${scale}: convscope.js and convscope.wasm are fetched once each (${programRequests.join(', ')})`);
    const contexts = await page.evaluate(() => window.webglContextsCreated.size);
    t.check(contexts === 1, `dpr ${scale}: the page creates one WebGL context, the figure's (${contexts})`);

    const size = await page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight };
    });
    t.check(size.cssW === 1024 && size.cssH === 640, `dpr ${scale}: canvas fills the window (${size.cssW}x${size.cssH} css px)`);
    t.check(size.w === 1024 * scale && size.h === 640 * scale, `dpr ${scale}: canvas backing store is ${size.w}x${size.h} device px`);

    const shot = await page.screenshot({ path: path.join(artifacts, `smoke-dpr${scale}.png`) });
    const colours = await distinctColours(page, shot);
    t.check(colours.colours >= 8, `dpr ${scale}: screenshot is not blank (${colours.colours} colours)`);

    if (scale === 1) {
      const probe = async () => { await drawnFrames(page); return page.evaluate(() => window.ConvScope.test({ cmd: 'get' })); };
      const click = (r) => page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
      // '?' opens the help view: the two places, the panels, keys, colours, links.
      await page.keyboard.type('?');
      let snap = await probe();
      t.check(snap.values.help.open === true && snap.values.help.sections.length === 6,
              `dpr 1: '?' opens the help view (${snap.values.help.sections.join(', ')})`);
      t.check(Array.isArray(snap.values['key:help']) && snap.values['key:help'].length === 7 && snap.values['scale:help'],
              `dpr 1: the help names every colour of the grids (${(snap.values['key:help'] || []).length})`);
      await page.screenshot({ path: path.join(artifacts, 'smoke-help.png') });
      await page.keyboard.press('Escape');
      snap = await probe();
      t.check(snap.values.help.open === false, 'dpr 1: Esc closes the help view');
      // Help > Help opens it too; Help > About shows the version.
      await click(snap.rects['menu:help']);
      snap = await probe();
      await click(snap.rects['menu:help_view']);
      snap = await probe();
      t.check(snap.values.help.open === true, 'dpr 1: Help > Help opens the help view');
      await click(snap.rects['help:close']);
      snap = await probe();
      t.check(snap.values.help.open === false, 'dpr 1: its Close button closes it');
      await click(snap.rects['menu:help']);
      snap = await probe();
      await click(snap.rects['menu:about']);
      await probe();
      const about = await page.screenshot({ path: path.join(artifacts, 'smoke-about.png') });
      t.check(!about.equals(shot), 'dpr 1: the Help menu opens the About box (the screen changed)');
      await page.keyboard.press('Escape');
    }

    await page.setViewportSize({ width: 800, height: 500 });
    await page.waitForFunction((s) => document.getElementById('canvas').width === 800 * s, scale, { timeout: 10000 })
      .catch(() => {});
    const resized = await page.evaluate(() => document.getElementById('canvas').width);
    t.check(resized === 800 * scale, `dpr ${scale}: canvas follows a window resize (${resized} device px wide)`);

    const api = await page.evaluate(() => ({
      text: window.ConvScope.eval('{"op":"shape","input":[224],"layer":{"kernel":7,"stride":2,"padding":"same","same_rule":"tensorflow"}}'),
      object: window.ConvScope.eval({ op: 'shape', input: [224], layer: { kernel: 3, stride: 2, padding: 'same' } }),
    }));
    t.check(api.text === '{"effective_kernel":[7],"output":[112],"pads":[[2,3]]}', `dpr ${scale}: ConvScope.eval answers JSON text (${api.text})`);
    t.check(typeof api.object.error === 'string' && api.object.error.includes('stride 2'), `dpr ${scale}: ConvScope.eval answers objects, refusals included`);

    t.check(problems.length === 0, `dpr ${scale}: no console errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
    t.check(foreignRequests.length === 0, `dpr ${scale}: no request leaves the page's origin${foreignRequests.length ? ': ' + foreignRequests.join(' ') : ''}`);
    await context.close();
  }
  // A slow load: no text is laid out before the first frame (a fresh page's first text costs
  // its renderer the fonts' set-up), so the spinner comes alone and the words "Loading
  // ConvScope…" only after a second; the first frame takes both away.
  {
    const context = await browser.newContext({ viewport: { width: 800, height: 500 } });
    const page = await context.newPage();
    await page.route('**/convscope.wasm', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await route.continue();
    });
    const started = Date.now();
    await page.goto(`${server.url}/${args.subpath}/`);
    const shownText = () => page.evaluate(() => document.body.innerText.trim());
    const spinner = () => page.evaluate(() => getComputedStyle(document.querySelector('#status .spinner')).display !== 'none');
    await page.waitForTimeout(Math.max(0, 400 - (Date.now() - started)));
    const early = await shownText();
    t.check(early === '' && await spinner(), `a slow load shows the spinner and no words at first ("${early}")`);
    await page.waitForTimeout(Math.max(0, 1600 - (Date.now() - started)));
    const later = await shownText();
    t.check(later === 'Loading ConvScope…', `after a second it says "${later}"`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 60000 });
    const after = await page.evaluate(() => document.getElementById('status').classList.contains('hidden'));
    t.check(after, 'the first frame hides the loading words');
    await context.close();
  }
  // Browsers without WebGL2 (absent, or turned off: no context) or WebAssembly SIMD get
  // words, not a blank canvas.
  const missing = {
    'webgl2 (absent)': () => { delete window.WebGL2RenderingContext; },
    webgl2: () => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
        return kind === 'webgl2' ? null : original.call(this, kind, ...rest);
      };
    },
    simd: () => { WebAssembly.validate = () => false; },
  };
  for (const [feature, disable] of Object.entries(missing)) {
    const context = await browser.newContext({ viewport: { width: 800, height: 500 } });
    const page = await context.newPage();
    await page.addInitScript(disable);
    await page.goto(`${server.url}/${args.subpath}/`);
    await page.waitForFunction(() => document.body.dataset.state === 'error', null, { timeout: 10000 }).catch(() => {});
    const text = await page.evaluate(() => document.getElementById('status-text').textContent);
    const expected = feature.startsWith('webgl2') ? 'WebGL2' : 'WebAssembly with SIMD';
    t.check(text.includes(expected), `without ${feature} the page says so: "${text.slice(0, 60)}…"`);
    await page.screenshot({ path: path.join(artifacts, `smoke-no-${feature.replace(/\W+/g, '-').replace(/-$/, '')}.png`) });
    await context.close();
  }
  // Every page in dist/ loads without a failed request (the favicon included) and without
  // a console error.
  const root = path.resolve(args.root, args.subpath);
  for (const name of readdirSync(root).filter((f) => f.endsWith('.html'))) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    const page = await context.newPage();
    const failures = [];
    page.on('response', (r) => { if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`); });
    page.on('requestfailed', (r) => failures.push(`failed ${r.url()}`));
    page.on('console', (m) => { if (m.type() === 'error') failures.push(m.text()); });
    page.on('pageerror', (e) => failures.push(String(e)));
    await page.goto(`${server.url}/${args.subpath}/${name}`, { waitUntil: 'load' });
    await page.waitForTimeout(1500);
    t.check(failures.length === 0, `${name}: no failed request or console error${failures.length ? ': ' + failures.join(' | ') : ''}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
t.finish();
