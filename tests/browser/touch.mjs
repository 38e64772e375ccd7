// Phones, tablets and large screens: at 390x844 (touch, DPR 3) and 768x1024 (touch, DPR 2)
// the places stack their controls under the figure, every control is at least 40 CSS px
// tall, text at least 14 CSS px, nothing passes the right edge, a vertical swipe scrolls,
// and a finger changes the stride (a tap on +, a sideways drag on the slider) with the
// output size following. At 1920x1080 the interface scales up. Screenshots of each.
import path from 'node:path';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, drawnFrames } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_touch');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const stride = (state) => Number((state.match(/(?:^|&)S=(\d+)/) || [0, 1])[1]);

async function open(name, viewport, scale, touch, fragment) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: scale, hasTouch: touch, isMobile: touch });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto(`${server.url}/${args.subpath}/index.html#${fragment}`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const get = async () => { await drawnFrames(page); return page.evaluate(() => window.ConvScope.test({ cmd: 'get' })); };
  const core = (request) => page.evaluate((r) => window.ConvScope.eval(r), request);
  return { context, page, problems, get, core };
}

// A finger on the screen through the DevTools protocol: one touch point, moved in steps.
async function finger(page) {
  const cdp = await page.context().newCDPSession(page);
  const send = (type, x, y) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y }] });
  return {
    async drag(x0, y0, x1, y1, steps = 12) {
      await send('touchStart', x0, y0);
      for (let i = 1; i <= steps; i++) {
        await send('touchMove', x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps);
        await page.waitForTimeout(16);
      }
      await send('touchEnd', x1, y1);
    },
  };
}

// Every panel of both places in turn (with a selected layer, the effective field and a long
// preset): the windows that drew something past their right edge, as "query: window: N px".
const panels = ['panel=steps', 'panel=dilation', 'panel=transposed', 'panel=padding', 'panel=solver', 'panel=code',
  'panel=steps&I=4x5x5', 'view=rf&rf_panel=picture', 'view=rf&rf_panel=picture&erf=uniform', 'view=rf&rf_panel=table',
  'view=rf&rf_panel=growth&rf_compare=1', 'view=rf&rf_panel=unet', 'view=rf&rf_panel=picture&rf_preset=vgg16'];
async function cutOff(page, get) {
  const cut = [];
  for (const query of panels) {
    await page.evaluate((q) => window.ConvScope.test({ cmd: 'set', query: q.startsWith('view=') ? q : `view=playground&I=5&${q}` }), query);
    const snap = await get();
    for (const window of snap.values.display.cut_off) cut.push(`${query}: ${window}`);
  }
  return cut;
}

try {
  for (const [name, viewport, scale] of [['phone', { width: 390, height: 844 }, 3], ['tablet', { width: 768, height: 1024 }, 2]]) {
    const { context, page, problems, get, core } = await open(name, viewport, scale, true, 'I=5&K=3&S=1&P=0&panel=steps');
    let snap = await get();
    const display = snap.values.display;
    const cssPerPixel = viewport.width / display.width;
    t.check(display.touch && display.narrow, `${name}: touch controls, narrow layout (${JSON.stringify(display)})`);
    t.check(display.text * cssPerPixel >= 14, `${name}: text is ${(display.text * cssPerPixel).toFixed(1)} CSS px (at least 14)`);
    await page.screenshot({ path: path.join(artifacts, `touch-${name}-figure.png`) });

    // The figure comes first, at the full width: the output grid beside or under the input,
    // never cut off.
    const output = snap.rects['grid:output'];
    t.check(output && output.x + output.w <= viewport.width, `${name}: the output grid ends inside the screen (${output && (output.x + output.w).toFixed(0)} <= ${viewport.width})`);
    t.check(snap.rects['grid:input'].cell >= 22, `${name}: input cells are ${snap.rects['grid:input'].cell.toFixed(0)} px, large enough for their numbers`);

    // A vertical swipe scrolls the place until the stride control is in view.
    const before = snap.rects['control:stride S'].y;
    const hand = await finger(page);
    for (let i = 0; i < 6 && snap.rects['control:stride S'].y + 40 > viewport.height - 20; i++) {
      await hand.drag(viewport.width / 2, viewport.height * 0.8, viewport.width / 2, viewport.height * 0.3);
      snap = await get();
    }
    const slider = snap.rects['control:stride S'];
    t.check(slider.y < before && slider.y + slider.h <= viewport.height, `${name}: swiping up scrolls the controls into view (stride slider from y ${before.toFixed(0)} to ${slider.y.toFixed(0)})`);
    await page.screenshot({ path: path.join(artifacts, `touch-${name}-controls.png`) });

    // Every control a finger can reach is at least 40 CSS px tall and inside the screen.
    const controls = Object.entries(snap.rects).filter(([key, r]) => key.startsWith('control:') && r.y >= 0 && r.y + r.h <= viewport.height);
    const short = controls.filter(([, r]) => r.h * cssPerPixel < 40 - 0.5).map(([key, r]) => `${key} ${r.h}`);
    const outside = controls.filter(([, r]) => (r.x + r.w) * cssPerPixel > viewport.width + 0.5).map(([key]) => key);
    t.check(controls.length >= 8 && short.length === 0, `${name}: ${controls.length} controls in view, each at least 40 CSS px tall${short.length ? ': ' + short.join(', ') : ''}`);
    t.check(outside.length === 0, `${name}: no control passes the right edge${outside.length ? ': ' + outside.join(', ') : ''}`);
    t.check(snap.rects['control:type'].w * cssPerPixel >= 180, `${name}: the type box is ${snap.rects['control:type'].w.toFixed(0)} px wide, room for its whole choice`);

    // A tap on + steps the stride by one; the output size follows the core.
    const plus = snap.rects['control:stride S:plus'];
    await page.touchscreen.tap(plus.x + plus.w / 2, plus.y + plus.h / 2);
    snap = await get();
    const want2 = (await core({ op: 'shape', input: [5, 5], layer: { kernel: 3, stride: 2 } })).output;
    t.check(stride(snap.state) === 2 && same(snap.values.output_size, want2), `${name}: a tap on + sets S=2, output ${JSON.stringify(snap.values.output_size)}`);
    // A sideways drag on the slider moves it; a swipe up does not.
    const s = snap.rects['control:stride S'];
    await hand.drag(s.x + 8, s.y + s.h / 2, s.x + s.w * 0.9, s.y + s.h / 2);
    snap = await get();
    const dragged = stride(snap.state);
    const wantDragged = (await core({ op: 'shape', input: [5, 5], layer: { kernel: 3, stride: dragged } })).output;
    t.check(dragged > 2 && same(snap.values.output_size, wantDragged), `${name}: dragging the slider sideways sets S=${dragged}, output ${JSON.stringify(snap.values.output_size)}`);
    // A menu's items are a finger's height too.
    const help = snap.rects['menu:help'];
    await page.touchscreen.tap(help.x + help.w / 2, help.y + help.h / 2);
    snap = await get();
    const items = ['menu:help_view', 'menu:about'].map((key) => snap.rects[key]);
    t.check(items.every((r) => r && r.h * cssPerPixel >= 40), `${name}: Help's items are ${items.map((r) => r && (r.h * cssPerPixel).toFixed(0)).join(' and ')} CSS px tall`);
    await page.touchscreen.tap(help.x + help.w / 2, help.y + help.h / 2);
    t.check(problems.length === 0, `${name}: no console errors${problems.length ? ': ' + problems.join(' | ') : ''}`);

    // The explorer stacks the same way.
    await page.evaluate(() => window.ConvScope.test({ cmd: 'set', query: 'view=rf' }));
    snap = await get();
    const field = snap.rects['rf:grid:input'];
    t.check(same(snap.values.rf_headline.rf, [7, 7]) && field && field.x + field.w <= viewport.width,
            `${name}: the explorer's field fits the screen (${field && (field.x + field.w).toFixed(0)} <= ${viewport.width})`);
    await page.screenshot({ path: path.join(artifacts, `touch-${name}-explorer.png`) });
    t.check(same(await cutOff(page, get), []), `${name}: no text or control of any panel cut off at the right edge`);
    await context.close();
  }

  // A large screen: the interface grows with it instead of filling a corner.
  const { context, page, get } = await open('large', { width: 1920, height: 1080 }, 1, false, 'I=5&K=3&S=1&P=0');
  const snap = await get();
  const grown = 1920 / snap.values.display.width;
  t.check(grown > 1.2 && !snap.values.display.narrow && !snap.values.display.touch, `1920x1080: the interface is drawn ${grown.toFixed(2)} times larger`);
  await page.screenshot({ path: path.join(artifacts, 'touch-large-1920.png') });
  t.check(same(await cutOff(page, get), []), '1920x1080: no text or control of any panel cut off at the right edge');
  // Ctrl + / - / 0 belong to the browser's zoom: the page lets the keys through (SDL cancels
  // the default action of the keys it takes).
  const zoomKeys = await page.evaluate(() => ['=', '+', '-', '0'].map((key) => {
    const e = new KeyboardEvent('keydown', { key, ctrlKey: true, bubbles: true, cancelable: true });
    document.querySelector('canvas').dispatchEvent(e);
    return e.defaultPrevented;
  }));
  t.check(zoomKeys.every((prevented) => !prevented), `Ctrl + = - 0 reach the browser's zoom (default prevented: ${zoomKeys})`);
  await context.close();

  // Zoomed to 150 % a 1280x800 window is 853x533 CSS px at 1.5 device pixels each: the text
  // is drawn 1.5 times as many screen pixels tall as at 100 %.
  const text = {};
  for (const zoom of [1, 1.5]) {
    const viewport = { width: Math.round(1280 / zoom), height: Math.round(800 / zoom) };
    const opened = await open(`zoom ${zoom}`, viewport, zoom, false, 'I=5&K=3');
    const zoomed = await opened.get();
    text[zoom] = zoomed.values.display.text * (viewport.width / zoomed.values.display.width) * zoom;
    if (zoom > 1) await opened.page.screenshot({ path: path.join(artifacts, 'touch-zoom-150.png') });
    await opened.context.close();
  }
  t.check(Math.abs(text[1.5] / text[1] - 1.5) < 0.05, `browser zoom 150 %: text ${text[1].toFixed(1)} -> ${text[1.5].toFixed(1)} screen px`);
} finally {
  await browser.close();
  server.stop();
}
t.finish();
