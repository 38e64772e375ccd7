// The embed examples page as a course page uses it: every iframe loads, draws its widget
// without the menu and tabs, names the right state; the idle page's main-thread work with
// seven copies of ConvScope running is printed.
import path from 'node:path';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, distinctColours, drawnFrames,
         mainThreadClock, busyPerSecond } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_embed');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();

try {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${server.url}/${args.subpath}/embed-examples.html`);
  const expected = {
    playground: (s) => JSON.stringify(s.values.output_values) === '[35,40,45,60,65,70,85,90,95]',
    padding: (s) => s.state.includes('mode=reflect') && JSON.stringify(s.values.output_size) === '[7,7]',
    depthwise: (s) => s.values.channels.groups === 3 && s.values.channels.out === 6,
    dilation: (s) => s.values.dilation_taps === 9,
    transposed: (s) => s.values.transposed_equal === true,
    rf: (s) => JSON.stringify(s.values.rf_headline.rf) === '[7,7]',
    growth: (s) => s.values.rf_growth && s.values.rf_growth[s.values.rf_growth.length - 1] === 1024,
  };
  for (const [id, check] of Object.entries(expected)) {
    const element = await page.$(`#${id}`);
    await element.scrollIntoViewIfNeeded();
    const frame = await element.contentFrame();
    await frame.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
    await drawnFrames(frame);
    const snap = await frame.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
    t.check(snap.values.embed === true && snap.rects['menu:share'] === undefined, `#${id}: embedded without the menu bar`);
    let ok = false;
    try { ok = check(snap); } catch (e) { ok = false; }
    t.check(ok, `#${id}: shows its state (${snap.state.slice(0, 50)} | ${snap.rf_state.slice(0, 40)})`);
    const shot = await element.screenshot({ path: path.join(artifacts, `embed-${id}.png`) });
    t.check((await distinctColours(page, shot)).colours > 15, `#${id}: the iframe is drawn`);
  }
  // Locked controls stay fixed: the padding figure locks I and K.
  const padding = await (await page.$('#padding')).contentFrame();
  const notes = await padding.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
  t.check(notes.values.locked && notes.values.locked.includes('I') && notes.values.locked.includes('K'), `lock=I,K,type,dims is applied (${JSON.stringify(notes.values.locked)})`);
  await page.screenshot({ path: path.join(artifacts, 'embed-page.png'), fullPage: true });

  // The figures follow the reader's colour scheme (theme=auto, their default): light on this
  // light page, dark as soon as the reader's system turns dark.
  const first = await (await page.$('#playground')).contentFrame();
  const themeOf = async () => { await drawnFrames(first); return (await first.evaluate(() => window.ConvScope.test({ cmd: 'get' }))).values.theme; };
  t.check(await themeOf() === 'light', 'a figure is light for a reader with a light colour scheme');
  await page.emulateMedia({ colorScheme: 'dark' });
  t.check(await themeOf() === 'dark', 'it turns dark when the reader\'s colour scheme does');
  await page.emulateMedia({ colorScheme: 'light' });
  // A caption in the link is drawn inside the figure, under it.
  const dilation = await (await page.$('#dilation')).contentFrame();
  const captioned = await dilation.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
  const box = await (await page.$('#dilation')).boundingBox();
  t.check(String(captioned.values.caption).startsWith('Figure 4. Dilation') && captioned.rects.caption &&
          captioned.rects.caption.y + captioned.rects.caption.h <= box.height,
          `the dilation figure draws its caption inside the iframe (${captioned.values.caption})`);

  // Idle: seven instances, nothing moves. Main-thread work per second of the whole page.
  const clock = await mainThreadClock(page);
  await page.waitForTimeout(1500);
  const perSecond = await busyPerSecond(page, clock, 3);
  // A figure, not a check: tests do not assert on time.
  console.log(`idle page with seven embeds: ${perSecond.toFixed(1)} ms of main-thread work per second`);
  t.check(problems.length === 0, `no page errors${problems.length ? ': ' + problems.join(' | ') : ''}`);

  // The compact layout: one widget and a strip of the numbers it needs, fitted to the iframe
  // with no control or grid outside it.
  const figures = {
    steps: 'panel=steps&I=5&K=3&S=1&P=0&D=1',
    'padding-modes': 'panel=padding-modes&lock=I,K&I=5&K=3&S=1&P=2&D=1&mode=reflect',
    dilation: 'panel=dilation&I=9&K=3&D=2',
    transposed: 'panel=transposed&type=conv_transpose&I=3&K=3&S=2&P=1&op=1&D=1',
    solver: 'panel=solver&I=7&K=3&S=2',
    code: 'panel=code&I=7&K=3&S=2',
    'rf-picture': 'panel=rf-picture&view=rf',
    'rf-table': 'panel=rf-table&view=rf',
    'rf-growth': 'panel=rf-growth&view=rf&rf_dims=1&rf_in=64&stack=c2p1:0;c2d2p2:0;c2d4p4:0',
  };
  for (const [w, h] of [[720, 480], [480, 360]]) {
    const context = await browser.newContext({ viewport: { width: w, height: h } });
    for (const [name, query] of Object.entries(figures)) {
      const frame = await context.newPage();  // each figure a page of its own, as on a course page
      await frame.goto(`${server.url}/${args.subpath}/index.html#embed=1&${query}`);
      await frame.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
      await drawnFrames(frame);
      const snap = await frame.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
      const outside = Object.entries(snap.rects).filter(([, r]) => r.x < -0.5 || r.y < -0.5 || r.x + r.w > w + 0.5 || r.y + r.h > h + 0.5).map(([k]) => k);
      const sidebar = snap.rects['control:stride S'] !== undefined;
      const cut = snap.values.display.cut_off;
      t.check(outside.length === 0 && cut.length === 0 && !sidebar && Object.keys(snap.rects).length > 0,
              `${w}x${h} ${name}: one widget${snap.rects['strip:I'] ? ' and its strip' : ''}, nothing outside the figure or cut off${outside.length ? ': ' + outside.join(', ') : ''}${cut.length ? ': ' + cut.join(', ') : ''}`);
      await frame.screenshot({ path: path.join(artifacts, `embed-${w}x${h}-${name}.png`) });
      await frame.close();
    }
    await context.close();
  }

  // Share -> Copy embed code names the panel on screen, so the figure is that widget.
  const full = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const app = await full.newPage();
  await app.goto(`${server.url}/${args.subpath}/index.html#I=9&K=3&D=2&panel=dilation`);
  await app.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const appGet = async () => { await drawnFrames(app); return app.evaluate(() => window.ConvScope.test({ cmd: 'get' })); };
  const centre = (r) => [r.x + r.w / 2, r.y + r.h / 2];
  await app.mouse.click(...centre((await appGet()).rects['menu:share']));
  await app.mouse.click(...centre((await appGet()).rects['menu:copy_embed']));
  await app.waitForTimeout(300);
  const code = await app.evaluate(() => navigator.clipboard.readText());
  t.check(code.includes('#embed=1&') && (code.match(/panel=dilation/g) || []).length === 1 && code.includes('title="ConvScope: dilation"'),
          `Copy embed code names the widget once: ${code.slice(0, 90)}...`);
  await full.close();
} finally {
  await browser.close();
  server.stop();
}
t.finish();
