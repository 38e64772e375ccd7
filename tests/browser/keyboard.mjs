// The keyboard alone, from page load: Tab walks the controls in reading order with a visible
// focus ring, reaches the stride slider, Right raises the stride and the output size follows
// the core; Enter opens a menu and Escape closes it; Tab past an embedded figure's last
// control moves on to the host page (no keyboard trap), and so does Escape; the arrows move a
// focused grid's cell, which shows its taps and its value. Screenshots of the focus ring.
import path from 'node:path';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, drawnFrames } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_keyboard');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

try {
  // The playground, keyboard only.
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${server.url}/${args.subpath}/index.html#I=5&K=3&S=1&P=0`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const get = async () => { await drawnFrames(page); return page.evaluate(() => window.ConvScope.test({ cmd: 'get' })); };
  let snap = await get();
  t.check(!snap.values.keyboard.ring, 'no focus ring before the keyboard is used');
  const visited = [];
  for (let i = 0; i < 60 && snap.values.keyboard.focus !== 'stride S'; i++) {
    await page.keyboard.press('Tab');
    snap = await get();
    visited.push(snap.values.keyboard);
  }
  t.check(visited[0].focus === 'View' && visited.every((k, i) => k.index === i),
          `Tab walks the controls in order from the menu bar (${visited.map((k) => k.focus || '?').join(', ')})`);
  t.check(snap.values.keyboard.focus === 'stride S' && snap.values.keyboard.slider && snap.values.keyboard.ring,
          `Tab reaches the stride slider after ${visited.length} presses, with a focus ring (${JSON.stringify(snap.values.keyboard)})`);
  await page.screenshot({ path: path.join(artifacts, 'keyboard-stride-focused.png') });
  // The ring is drawn: the pixels just outside the slider's frame are the ring's colour.
  await page.keyboard.press('ArrowRight');
  snap = await get();
  const want = await page.evaluate(() => window.ConvScope.eval({ op: 'shape', input: [5, 5], layer: { kernel: 3, stride: 2 } }));
  t.check(/(^|&)S=2(&|$)/.test(snap.state) && same(snap.values.output_size, want.output),
          `Right raises the stride to 2; the output is ${JSON.stringify(snap.values.output_size)} as the core says`);
  await page.keyboard.press('ArrowLeft');
  snap = await get();
  t.check(/(^|&)S=1(&|$)/.test(snap.state) && same(snap.values.output_size, [3, 3]), `Left lowers it again: output ${JSON.stringify(snap.values.output_size)}`);
  await page.keyboard.press('End');
  snap = await get();
  const atEnd = snap.state;
  await page.keyboard.press('Home');
  snap = await get();
  t.check(/(^|&)S=8(&|$)/.test(atEnd) && /(^|&)S=1(&|$)/.test(snap.state),
          `End takes the stride to its maximum 8 and Home back to 1 (${atEnd.match(/S=\d+/)}, ${snap.state.match(/S=\d+/)})`);
  await page.keyboard.press('Tab');
  snap = await get();
  t.check(snap.values.keyboard.focus === 'dilation D', `the next Tab leaves the slider for the next control (${snap.values.keyboard.focus})`);
  await page.keyboard.press('Shift+Tab');
  await drawnFrames(page);  // one key a frame: ImGui reads a key's press once per frame
  await page.keyboard.press('Shift+Tab');
  snap = await get();
  t.check(snap.values.keyboard.focus === 'kernel K', `Shift+Tab goes back (${snap.values.keyboard.focus})`);

  // The output grid: Tab reaches it; the arrows move its cell, which lights that output's
  // taps as the pointer's hover does; Enter makes it the current step.
  for (let i = 0; i < 60 && !(snap.values.keyboard.focus || '').startsWith('output grid'); i++) {
    await page.keyboard.press('Tab');
    snap = await get();
  }
  t.check((snap.values.keyboard.focus || '').startsWith('output grid, 3 by 3; row 0, column 0: '),
          `Tab reaches the output grid, which names its cell and value (${snap.values.keyboard.focus})`);
  await page.keyboard.press('ArrowRight');
  await drawnFrames(page);
  await page.keyboard.press('ArrowDown');
  snap = await get();
  const taps = [];
  for (let r = 1; r <= 3; r++) for (let c = 1; c <= 3; c++) taps.push([0, r, c]);
  const value = snap.values.output_values[4];
  t.check(same(snap.values['keyboard_cell:output0'], [1, 1]) && same(snap.values.highlighted_inputs, taps) &&
          same(snap.values.current_output, [0, 1, 1]) && snap.values.keyboard.focus.endsWith(`row 1, column 1: ${value}`),
          `Right, Down: cell (1, 1) lights its 9 taps (${JSON.stringify(snap.values.highlighted_inputs.slice(0, 3))}…) and is named with its value ${value}`);
  await page.screenshot({ path: path.join(artifacts, 'keyboard-grid-cell.png') });
  await page.keyboard.press('Enter');
  await drawnFrames(page);
  await page.keyboard.press('Tab');
  snap = await get();
  t.check(same(snap.values.current_output, [0, 1, 1]) && /(^|&)step=4(&|$)/.test(snap.state),
          `Enter makes it the step: after Tab leaves the grid the current output is still (1, 1) (${snap.state})`);

  // Menus: Enter opens the focused one, Escape closes it.
  for (let i = 0; i < 60 && snap.values.keyboard.focus !== 'Help'; i++) {
    await page.keyboard.press('Shift+Tab');
    snap = await get();
  }
  await page.keyboard.press('Enter');
  snap = await get();
  const opened = snap.rects['menu:help_view'] !== undefined;
  await page.keyboard.press('Escape');
  snap = await get();
  t.check(opened && snap.rects['menu:help_view'] === undefined, `Enter opens the Help menu, Escape closes it (${opened})`);
  // A dialog keeps Tab inside it: the help view's Tab stops are its own, until Escape.
  await page.keyboard.press('?');
  snap = await get();
  const dialogStops = [];
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    snap = await get();
    dialogStops.push(snap.values.keyboard.focus);
  }
  const stillOpen = snap.values.help.open;
  await page.keyboard.press('Escape');
  snap = await get();
  t.check(stillOpen && dialogStops.every((name) => name === 'Close') && !snap.values.help.open,
          `Tab stays in the open help dialog (${dialogStops.join(', ')}); Escape closes it`);
  // The explorer's layers move with Alt+Down and Alt+Up (the keyboard's drag), the focus with
  // them.
  await page.evaluate(() => window.ConvScope.test({ cmd: 'set', query: 'view=rf&stack=c3p1;c5p2' }));
  snap = await get();
  for (let i = 0; i < 60 && !(snap.values.keyboard.focus || '').startsWith('1. '); i++) {
    await page.keyboard.press('Tab');
    snap = await get();
  }
  const firstRow = snap.values.keyboard.focus;
  await page.keyboard.press('Alt+ArrowDown');
  snap = await get();
  await drawnFrames(page);
  snap = await get();
  t.check(/^1\. conv 3×3/.test(firstRow) && /(^|&)stack=c5p2;c3p1(&|$)/.test(snap.rf_state) &&
          /^2\. conv 3×3/.test(snap.values.keyboard.focus || ''),
          `Alt+Down moves "${firstRow}" below the 5×5 layer, and the focus goes with it (${snap.values.keyboard.focus}; ${snap.rf_state})`);
  await page.keyboard.press('Alt+ArrowUp');
  snap = await get();
  t.check(/(^|&)stack=c3p1;c5p2(&|$)/.test(snap.rf_state), `Alt+Up moves it back (${snap.rf_state})`);
  await page.evaluate(() => window.ConvScope.test({ cmd: 'set', query: 'view=playground' }));
  snap = await get();

  t.check(problems.length === 0, `no page errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
  await page.close();

  // An embedded figure between two links of a course page: Tab passes through its controls
  // and on to the page's next link.
  const host = await browser.newPage({ viewport: { width: 900, height: 700 } });
  await host.route('**/course-page.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>Course page</title><a id="before" href="#a">Before</a>
           <iframe title="Stride figure" src="${args.subpath}/index.html#embed=1&panel=steps&I=5&K=3" width="720" height="480"></iframe>
           <a id="after" href="#b">After</a>`,
  }));
  await host.goto(`${server.url}/course-page.html`);
  const frame = host.frames().find((f) => f.url().includes('index.html'));
  await frame.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  await host.focus('#before');
  const frameGet = async () => { await drawnFrames(frame); return frame.evaluate(() => window.ConvScope.test({ cmd: 'get' })); };
  await host.keyboard.press('Tab');  // into the figure's canvas
  let inside = 0, last = null, left = false;
  for (let i = 0; i < 80; i++) {
    await host.keyboard.press('Tab');
    await drawnFrames(frame);
    if (await host.evaluate(() => document.activeElement && document.activeElement.id === 'after')) { left = true; break; }
    last = (await frameGet()).values.keyboard;
    inside++;
  }
  t.check(left && last && last.index === last.count - 1,
          `Tab leaves the figure for the page's next link after its last control (${inside} controls inside, last ${last && last.index + 1} of ${last && last.count})`);
  await host.keyboard.press('Shift+Tab');
  await drawnFrames(frame);
  const back = (await frameGet()).values.keyboard;
  t.check(await host.evaluate(() => document.activeElement && document.activeElement.tagName === 'IFRAME'),
          `Shift+Tab from the page goes back into the figure (focus ${back.focus}, ring ${back.ring})`);
  await host.screenshot({ path: path.join(artifacts, 'keyboard-course-page.png') });
  // Escape with nothing to close gives the keyboard back to the page: its next Tab goes on
  // to the link after the figure.
  await host.keyboard.press('Escape');
  await drawnFrames(frame);
  const outside = await frame.evaluate(() => document.activeElement === document.body);
  await host.keyboard.press('Tab');
  t.check(outside && await host.evaluate(() => document.activeElement && document.activeElement.id === 'after'),
          `Escape leaves the figure: the next Tab reaches the page's next link (${outside})`);
  await host.close();

  // A heat map (cells too small for numbers) says the focused cell's value, as on hover.
  const big = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await big.goto(`${server.url}/${args.subpath}/index.html#I=64&K=3&S=1&P=0`);
  await big.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const bigGet = async () => { await drawnFrames(big); return big.evaluate(() => window.ConvScope.test({ cmd: 'get' })); };
  let heat = await bigGet();
  for (let i = 0; i < 80 && !(heat.values.keyboard.focus || '').startsWith('output grid'); i++) {
    await big.keyboard.press('Tab');
    heat = await bigGet();
  }
  for (let i = 0; i < 3; i++) {
    await big.keyboard.press('ArrowRight');
    await drawnFrames(big);
  }
  await big.keyboard.press('ArrowDown');
  heat = await bigGet();
  const cell = heat.values.output_values[1 * 62 + 3];
  t.check(heat.values['heat_map:output0'] !== undefined && same(heat.values['keyboard_cell:output0'], [1, 3]) &&
          Number(heat.values.tooltip) === cell,
          `a heat map's keyboard cell (1, 3) shows its value ${heat.values.tooltip} (the core: ${cell})`);
  await big.screenshot({ path: path.join(artifacts, 'keyboard-heat-map-cell.png') });
  await big.close();
} finally {
  await browser.close();
  server.stop();
}
t.finish();
