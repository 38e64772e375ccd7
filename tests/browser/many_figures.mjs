// A course page with thirty ConvScope figures (mixed panels, eager and lazy iframes, text
// between them), read as a student reads it: every figure shows its content whenever it is
// in view, after loading, after scrolling to the bottom and back to the top, and after
// interacting with the first and the last. Chromium keeps at most 16 live WebGL contexts;
// the page must never let that limit blank a figure. Prints the page's WebAssembly memory
// and its idle main-thread work.
import path from 'node:path';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, distinctColours, drawnFrames,
         mainThreadClock, busyPerSecond } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_many_figures');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();

// The figures a chapter on convolution arithmetic would show, cycled over thirty iframes.
const FIGURES = [
  ['playground', 'panel=playground&I=5&K=3&S=1&P=0'],
  ['padding modes', 'panel=padding-modes&I=5&K=3&P=2&mode=reflect&lock=I,K'],
  ['dilation', 'panel=dilation&I=9&K=3&D=2'],
  ['transposed', 'panel=transposed&type=conv_transpose&I=3&K=3&S=2&P=1&op=1'],
  ['receptive field', 'view=rf&panel=rf-picture&rf_in=7x7&stack=c3p1;c3p1;c3p1&layer=3&unit=3x3'],
  ['stride', 'panel=playground&I=7&K=3&S=1&P=1'],
  ['growth', 'view=rf&panel=rf-growth&rf_dims=1&rf_in=64&stack=c2p1:0;c2d2p2:0;c2d4p4:0;c2d8p8:0'],
  ['solver', 'panel=solver&I=7&K=3&S=2'],
];
const COUNT = 30;
const figureSrc = (i) => `index.html#embed=1&${FIGURES[i % FIGURES.length][1]}`;

function coursePage() {
  const parts = [];
  for (let i = 0; i < COUNT; i++) {
    const [name] = FIGURES[i % FIGURES.length];
    const small = i % 5 === 4;
    parts.push(`<h2>Figure ${i + 1}: ${name}</h2>
<p>${'The output size follows from the input, the kernel, the stride and the padding. '.repeat(3)}</p>
<iframe id="f${i + 1}" src="${figureSrc(i)}" ${i % 2 ? 'loading="lazy"' : ''}
        width="${small ? 480 : 720}" height="${small ? 360 : 480}" title="ConvScope: ${name}"></iframe>`);
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Thirty figures</title><link rel="icon" href="data:,">
<style>body { background: #fff; color: #222; font: 16px/1.5 Georgia, serif; max-width: 760px;
margin: 0 auto; padding: 16px; } iframe { display: block; border: 1px solid #ccc; }</style>
</head><body><h1>Convolution arithmetic</h1>${parts.join('\n')}</body></html>`;
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Every frame records who took its GL context: the page itself (which puts the last
  // frame up as a poster first) or the browser (which must never happen here).
  await context.addInitScript(() => {
    window.contextLosses = [];
    document.addEventListener('webglcontextlost', () => {
      const poster = document.getElementById('poster');
      window.contextLosses.push(poster && !poster.hidden ? 'page' : 'browser');
    }, true);
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const courseUrl = `${server.url}/${args.subpath}/course-of-thirty.html`;
  await page.route(courseUrl, (route) => route.fulfill({ contentType: 'text/html', body: coursePage() }));
  await page.goto(courseUrl);

  const frameOf = async (i) => (await page.$(`#f${i}`)).contentFrame();
  const element = (i) => page.$(`#f${i}`);
  const ready = async (i) => {
    const frame = await frameOf(i);
    await frame.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
    return frame;
  };
  // Whether the figure shows something: a screenshot of the iframe as the reader sees it
  // (a blank or broken figure has a handful of colours, a drawn one hundreds).
  const drawn = async (i, label) => {
    const frame = await ready(i);
    await drawnFrames(frame);
    const shot = await (await element(i)).screenshot();
    const { colours } = await distinctColours(page, shot);
    return { colours, ok: colours > 15, label };
  };
  const visit = async (i) => {
    await (await element(i)).scrollIntoViewIfNeeded();
    return drawn(i);
  };

  // 1. After loading: the figures in view are drawn, and each starts with at most 8 MB.
  const firstFrame = await ready(1);
  const startMemory = await firstFrame.evaluate(() => window.ConvScope.test({ cmd: 'wasm_memory' }).bytes);
  t.check(startMemory <= 8 * 1024 * 1024, `a figure starts with ${startMemory} bytes of wasm memory (at most 8 MiB)`);
  const onLoad = await drawn(1);
  t.check(onLoad.ok, `after loading, figure 1 is drawn (${onLoad.colours} colours)`);
  await page.screenshot({ path: path.join(artifacts, 'many-figures-top.png') });

  // 2. Scrolling to the bottom: each figure in turn is drawn while in view.
  const blankDown = [];
  for (let i = 1; i <= COUNT; i++) {
    const r = await visit(i);
    if (!r.ok) blankDown.push(`${i} (${r.colours})`);
  }
  t.check(blankDown.length === 0, `scrolling down, all ${COUNT} figures are drawn in view${blankDown.length ? ': blank ' + blankDown.join(', ') : ''}`);
  await page.screenshot({ path: path.join(artifacts, 'many-figures-bottom.png') });

  // Memory of the whole page once every figure has run.
  const memory = [];
  for (let i = 1; i <= COUNT; i++) memory.push(await (await frameOf(i)).evaluate(() => window.ConvScope.test({ cmd: 'wasm_memory' }).bytes));
  const total = memory.reduce((a, b) => a + b, 0);
  console.log(`wasm memory of ${COUNT} figures: ${total} bytes in all, ${Math.max(...memory)} the largest`);
  t.check(memory.every((b) => b <= 8 * 1024 * 1024), `no figure of this page grew past 8 MiB (${Math.max(...memory)})`);

  // Contexts held: only figures near the view keep one.
  await page.waitForTimeout(1500);
  const live = [];
  for (let i = 1; i <= COUNT; i++) {
    live.push(await (await frameOf(i)).evaluate(() => !document.getElementById('canvas').getContext('webgl2').isContextLost()));
  }
  const liveCount = live.filter(Boolean).length;
  console.log(`live WebGL contexts at the bottom of the page: ${liveCount} of ${COUNT}`);
  t.check(liveCount <= 4 && live[COUNT - 1], `at the bottom, only the figures in view hold a GL context (${liveCount}, the last: ${live[COUNT - 1]})`);

  // 3. Back to the top.
  const blankUp = [];
  for (let i = COUNT; i >= 1; i--) {
    const r = await visit(i);
    if (!r.ok) blankUp.push(`${i} (${r.colours})`);
  }
  t.check(blankUp.length === 0, `scrolling back up, all ${COUNT} figures are drawn in view${blankUp.length ? ': blank ' + blankUp.join(', ') : ''}`);

  // 4. Interaction with figure 1 and figure 30 (both playgrounds): a click on the stride
  // slider changes what each shows, and both stay drawn afterwards, whichever is in view.
  const stride = (state) => Number((state.match(/(?:^|&)S=(\d+)/) || [0, 1])[1]);
  const interact = async (i) => {
    const box = await (await element(i)).boundingBox();
    await (await element(i)).scrollIntoViewIfNeeded();
    const frame = await ready(i);
    await drawnFrames(frame);
    let before = await frame.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
    // A small figure stacks its controls under the figure: the reader scrolls to them.
    for (let k = 0; k < 10 && before.rects['control:stride S'].y + 30 > box.height; k++) {
      const view = await (await element(i)).boundingBox();
      await page.mouse.move(view.x + view.width / 2, view.y + view.height / 2);
      await page.mouse.wheel(0, 120);
      await drawnFrames(frame);
      before = await frame.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
    }
    const slider = before.rects['control:stride S'];
    const top = (await (await element(i)).boundingBox()).y;
    await page.mouse.click(box.x + 1 + slider.x + slider.w * 0.4, top + 1 + slider.y + slider.h / 2);
    await drawnFrames(frame);
    const after = await frame.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
    return { before: stride(before.state), after: stride(after.state) };
  };
  const one = await interact(1);
  t.check(one.before === 1 && one.after > 1, `a click on figure 1's stride slider sets S=${one.after}`);
  const thirty = await interact(COUNT);
  t.check(thirty.before === 1 && thirty.after > 1, `a click on figure ${COUNT}'s stride slider sets S=${thirty.after}`);
  const lastDrawn = await drawn(COUNT);
  t.check(lastDrawn.ok, `figure ${COUNT} is drawn after the change (${lastDrawn.colours} colours)`);
  const firstAgain = await visit(1);
  t.check(firstAgain.ok, `figure 1 is drawn when the reader comes back (${firstAgain.colours} colours)`);
  const firstState = await (await frameOf(1)).evaluate(() => window.ConvScope.getState());
  t.check(stride(firstState) === one.after, `figure 1 kept its change while off screen (${firstState.slice(0, 60)})`);
  await page.screenshot({ path: path.join(artifacts, 'many-figures-after.png') });

  const losses = [];
  for (let i = 1; i <= COUNT; i++) losses.push(...(await (await frameOf(i)).evaluate(() => window.contextLosses)));
  const byBrowser = losses.filter((who) => who === 'browser').length;
  console.log(`contexts released by the page: ${losses.length - byBrowser}; taken by the browser: ${byBrowser}`);
  t.check(byBrowser === 0 && losses.length > COUNT, `the browser never had to drop a figure's context (${byBrowser} of ${losses.length} losses)`);

  // Idle: the whole page with thirty figures, left alone (a figure, not a check).
  const clock = await mainThreadClock(page);
  await page.waitForTimeout(3000);
  console.log(`idle page with ${COUNT} figures: ${(await busyPerSecond(page, clock, 3)).toFixed(1)} ms of main-thread work per second`);
  t.check(problems.length === 0, `no page errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
} finally {
  await browser.close();
  server.stop();
}
t.finish();
