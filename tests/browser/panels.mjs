// The playground's panels driven through the real page: the dilation view, transposed
// convolution as an ordinary one, the padding solver (Keras 'same' to PyTorch's F.pad
// tuple, a real click on "use"), editing a cell by clicking it and typing, the light
// theme, touch, a 720x480 iframe and a device pixel ratio of 2, with screenshots.
import path from 'node:path';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, distinctColours, drawnFrames } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_panels');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const pageUrl = `${server.url}/${args.subpath}/`;

async function openPage(contextOptions) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(pageUrl);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const hook = (command) => page.evaluate((c) => window.ConvScope.test(c), command);
  const get = async () => { await drawnFrames(page); return hook({ cmd: 'get' }); };
  return { context, page, problems, hook, get };
}
const centre = (r) => [r.x + r.w / 2, r.y + r.h / 2];

try {
  const { context, page, problems, hook, get } = await openPage({ viewport: { width: 1280, height: 800 },
                                                                  permissions: ['clipboard-read', 'clipboard-write'] });
  const core = (request) => page.evaluate((r) => window.ConvScope.eval(r), request);

  // Dilation: the chapter's 9x9 grid, nine taps, k_eff 5 at D=2, its table.
  await hook({ cmd: 'set', query: 'I=5&K=3&S=1&P=0&D=2&panel=dilation' });
  let { values: v } = await get();
  t.check(v.dilation_taps === 9, `dilation view: 9 taps on the 9x9 grid (${v.dilation_taps})`);
  t.check(v.dilation_keff.includes('= 2·(3−1) + 1 = 5') && v.dilation_keff.includes('still only 9 learned weights'),
          `dilation view: ${v.dilation_keff}`);
  t.check(same(v.dilation_table, [[1, 3, 9], [2, 5, 9], [4, 9, 9], [8, 17, 9]]), `k_eff table 3 5 9 17, 9 weights each (${JSON.stringify(v.dilation_table)})`);
  t.check(same(v.dilation_stack, [9, 31]), `four layers see 9 cells, with D=1,2,4,8 they see 31 (${JSON.stringify(v.dilation_stack)})`);
  t.check(same(v['key:dilation'], ['a tap: one learned weight', 'tap of the kernel as seen', 'skipped by the dilation']),
          `dilation view: its colours have a key (${JSON.stringify(v['key:dilation'])})`);
  await page.screenshot({ path: path.join(artifacts, 'panel-dilation.png') });

  // Transposed = convolution, Dumoulin & Visin's example: 3 → 5 with zeros, padded to 8, output 6.
  await hook({ cmd: 'set', query: 'type=conv_transpose&I=3&K=3&S=2&P=1&D=1&op=1&panel=transposed' });
  ({ values: v } = await get());
  t.check(v.transposed_equal === true, 'transposed panel: the ordinary convolution gives the same output');
  t.check(same(v['key:transposed'], ['implicit padding', 'inserted zeros', 'window of the current output', 'current output']),
          `transposed panel: its colours have a key (${JSON.stringify(v['key:transposed'])})`);
  t.check(same(v.transposed_expanded, [8, 8]) && same(v.output_size, [6, 6]), `zeros inserted and padded: 8x8 → 6x6 (${JSON.stringify(v.transposed_expanded)})`);
  t.check(v.transposed_lines[0].includes('3 → 5') && v.transposed_lines[0].includes('= 1 before') && v.transposed_lines[0].includes('= 2 after'),
          `transposed panel states the construction (${v.transposed_lines[0]})`);
  await page.screenshot({ path: path.join(artifacts, 'panel-transposed.png') });

  // The padding solver on the forum's question: Keras Conv2D(32, (4, 1), padding="same") on 100x20.
  await hook({ cmd: 'set', query: 'type=conv&I=100x20&K=4x1&S=1&P=0&D=1&op=0&panel=solver' });
  let snap = await get();
  v = snap.values;
  t.check(v.keras_same_to_pytorch.includes('F.pad(x, (0, 0, 1, 2))'), `Keras same → ${v.keras_same_to_pytorch}`);
  t.check(v.solver_solutions[0].startsWith('F.pad(x, (0, 0, 1, 2))'), `solver's first answer for output 100x20: ${v.solver_solutions[0]}`);
  await page.screenshot({ path: path.join(artifacts, 'panel-solver.png') });
  // Values that differ per dimension are shown per dimension, so a click keeps 4x1.
  t.check(snap.rects['control:K height'] && snap.rects['control:K width'] && !snap.rects['control:kernel K'],
          'a 4x1 kernel from a link gets one slider per dimension');
  // A real click on "use" applies it: the layer then keeps 100x20.
  const [ux, uy] = centre(snap.rects['control:use_solution0']);
  await page.mouse.click(ux, uy);
  snap = await get();
  t.check(same(snap.values.output_size, [100, 20]) && snap.state.includes('P=1:2x0:0'), `"use" sets P=1:2x0:0, output 100x20 (${snap.state})`);
  // Dilated 'same' (the other forum thread): 32 wide, K=3, D=2 needs padding 2.
  await hook({ cmd: 'set', query: 'I=32&K=3&S=1&P=0&D=2&T=32' });
  ({ values: v } = await get());
  t.check(v.solver_solutions[0] === 'padding=(2, 2)', `dilated same: ${v.solver_solutions[0]}`);
  // Stride 2: Keras same pads 0 before, 1 after on an even input; PyTorch refuses 'same' there.
  await hook({ cmd: 'set', query: 'I=8&K=3&S=2&P=0&D=1&T=auto' });
  ({ values: v } = await get());
  const tf = await core({ op: 'shape', input: [8, 8], layer: { kernel: 3, stride: 2, padding: 'same', same_rule: 'tensorflow' } });
  const tuple = `F.pad(x, (${tf.pads[1][0]}, ${tf.pads[1][1]}, ${tf.pads[0][0]}, ${tf.pads[0][1]}))`;
  t.check(v.keras_same_to_pytorch.includes(tuple), `stride 2: Keras same → ${v.keras_same_to_pytorch} (core: ${tuple})`);
  // The solver's default target: TensorFlow's same for a strided layer, I·S for a transposed one.
  t.check(same(v.solver_target, [4, 4]), `stride 2 on 8: the solver aims at ceil(8/2) = 4 (${JSON.stringify(v.solver_target)})`);
  await hook({ cmd: 'set', query: 'type=conv_transpose&I=3&K=3&S=2&P=0&D=1&op=0' });
  ({ values: v } = await get());
  t.check(same(v.solver_target, [6, 6]), `transposed stride 2 on 3: the solver aims at 3·2 = 6 (${JSON.stringify(v.solver_target)})`);
  // Pooling has no kernel values to choose.
  await hook({ cmd: 'set', query: 'type=max_pool&I=6&K=2&S=2&P=0&D=1&panel=steps' });
  snap = await get();
  t.check(!snap.rects['control:kernel values'] && snap.rects['control:input values'], 'pooling shows input values only');

  // A refused layer names the rule, the numbers and a fix, and the control that fixes it
  // stays usable: reflect on P=5 > I=3, then a real click on the mode box and "replicate".
  await hook({ cmd: 'set', query: 'type=conv&I=3&K=3&S=1&P=5&D=1&mode=reflect&panel=steps' });
  snap = await get();
  t.check(String(snap.values.error).includes('pads [5, 5] on size 3') &&
          String(snap.values.error).includes('Fix: use pads of at most 2, or zeros or replicate padding'),
          `reflect with P=5 on I=3 is refused with a fix (${snap.values.error})`);
  await page.mouse.click(...centre(snap.rects['control:mode']));
  snap = await get();
  t.check(snap.rects['control:mode:replicate'] !== undefined, 'the mode box still opens on the refused layer');
  await page.mouse.click(...centre(snap.rects['control:mode:replicate']));
  snap = await get();
  t.check(snap.values.error === undefined && snap.state.includes('mode=replicate') && same(snap.values.output_size, [11, 11]),
          `choosing replicate there fixes it: output ${JSON.stringify(snap.values.output_size)}`);
  await page.screenshot({ path: path.join(artifacts, 'panels-refusal-fixed.png') });
  await hook({ cmd: 'set', query: 'mode=zeros&P=1' });
  await hook({ cmd: 'set', query: 'type=conv&panel=solver' });

  // Code: the PyTorch tab for the forum's layer, and a real click on Copy puts it on the clipboard.
  await hook({ cmd: 'set', query: 'I=100x20&K=4x1&S=1&P=same&rule=tensorflow&D=1&panel=code' });
  snap = await get();
  const pytorch = snap.values.code.pytorch;
  t.check(pytorch.includes('nn.ZeroPad2d((0, 0, 1, 2))') && pytorch.includes('# (1, 1, 100, 20)'), 'code panel: PyTorch code pads (0, 0, 1, 2) and prints (1, 1, 100, 20)');
  const [narrow, wide] = snap.values.code_letter_widths || [0, 1];
  t.check(narrow > 0 && narrow === wide, `code panel: a monospaced font ('i' and 'W' both ${narrow}/${wide} px wide)`);
  await page.screenshot({ path: path.join(artifacts, 'panels-code.png') });
  const [cx, cy] = centre(snap.rects['control:copy_code']);
  await page.mouse.click(cx, cy);
  await page.waitForTimeout(300);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  t.check(copied === pytorch, `the Copy button puts the PyTorch code on the browser clipboard (${copied.length} characters)`);
  const [kx, ky] = centre(snap.rects['code:ONNX']);
  await page.mouse.click(kx, ky);
  await get();
  await page.screenshot({ path: path.join(artifacts, 'panel-code-onnx.png') });
  await page.mouse.click(...centre(snap.rects['code:PyTorch']));
  await get();
  await page.screenshot({ path: path.join(artifacts, 'panel-code.png') });

  // Editing a value: click input cell (0, 0), type 100, Enter; output (0, 0) follows the core.
  await hook({ cmd: 'set', query: 'I=5&K=3&S=1&P=0&D=1&panel=steps&input=ramp&kernel=corners' });
  snap = await get();
  const grid = snap.rects['grid:input'];
  await page.mouse.click(grid.x + grid.cell / 2, grid.y + grid.cell / 2);
  snap = await get();
  const field = snap.rects['control:edit_value'];
  t.check(field !== undefined, 'clicking an input cell opens the value editor');
  if (field) {
    // The editor opens with the field focused and its text selected: typing replaces it.
    await page.keyboard.type('100', { delay: 30 });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    ({ rects: snap.rects, values: v } = await get());
    t.check(snap.rects['control:edit_value'] === undefined, 'Escape closes the value editor');
    t.check(v.output_values[0] === 35 - 1 + 100, `after typing 100 into input (0,0), output (0,0) is 134 (${v.output_values[0]})`);
  }
  await page.screenshot({ path: path.join(artifacts, 'panel-edited.png') });

  // Light theme.
  await hook({ cmd: 'set', query: 'theme=light&I=5&input=ramp&panel=steps' });
  snap = await get();
  t.check(snap.values.theme === 'light', 'theme=light switches the theme');
  const light = await page.screenshot({ path: path.join(artifacts, 'theme-light.png') });
  const corner = await page.evaluate(async (b64) => {
    const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
    const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
    return Array.from(ctx.getImageData(img.width - 20, img.height - 20, 1, 1).data);
  }, light.toString('base64'));
  t.check(corner[0] > 200 && corner[1] > 200 && corner[2] > 200, `the light theme's background is light (${corner.slice(0, 3)})`);
  await hook({ cmd: 'set', query: 'theme=dark' });
  t.check(problems.length === 0, `no console errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
  await context.close();

  // Touch: a tap on an output cell moves the step there (no hover on a touch screen).
  {
    const touch = await openPage({ viewport: { width: 1024, height: 700 }, hasTouch: true, isMobile: false });
    await touch.hook({ cmd: 'set', query: 'I=5&K=3&S=1&P=0&D=1&panel=steps' });
    let s = await touch.get();
    const out = s.rects['grid:output'];
    await touch.page.touchscreen.tap(out.x + out.cell * 2.5, out.y + out.cell * 1.5);
    s = await touch.get();
    t.check(same(s.values.current_output, [0, 1, 2]), `a tap on output (1, 2) selects it (${JSON.stringify(s.values.current_output)})`);
    await touch.page.screenshot({ path: path.join(artifacts, 'touch-tap.png') });
    await touch.context.close();
  }

  // A 720x480 iframe: the page fits, the formula and the grids are on screen.
  {
    const host = await browser.newContext({ viewport: { width: 800, height: 560 } });
    const page2 = await host.newPage();
    await page2.setContent(`<!doctype html><body style="margin:0;background:#ccc">
      <iframe id="f" src="${pageUrl}#I=5&K=3" width="720" height="480" style="border:0;margin:20px"></iframe></body>`);
    const frame = await (await page2.$('#f')).contentFrame();
    await frame.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
    await page2.waitForTimeout(300);
    const s = await frame.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
    const inputRect = s.rects['grid:input'], outputRect = s.rects['grid:output'];
    t.check(inputRect && outputRect && outputRect.x + outputRect.w <= 720 && outputRect.y + outputRect.h <= 480,
            `in a 720x480 iframe the output grid is inside the frame (${JSON.stringify(outputRect)})`);
    const shot = await page2.screenshot({ path: path.join(artifacts, 'iframe-720x480.png') });
    t.check((await distinctColours(page2, shot)).colours > 20, 'the iframe shows a drawn interface');
    await host.close();
  }

  // Device pixel ratio 2: the canvas backing store doubles and text is rasterised for it.
  {
    const hi = await openPage({ viewport: { width: 900, height: 600 }, deviceScaleFactor: 2 });
    const size = await hi.page.evaluate(() => { const c = document.querySelector('canvas'); return [c.width, c.height]; });
    t.check(same(size, [1800, 1200]), `at DPR 2 the canvas is 1800x1200 (${size})`);
    await hi.hook({ cmd: 'set', query: 'panel=solver&I=100x20&K=4x1' });
    await hi.get();
    await hi.page.screenshot({ path: path.join(artifacts, 'dpr2-solver.png') });
    await hi.context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
t.finish();
