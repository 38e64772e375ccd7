// The parameter playground driven like a person would: parameters set through the test hook
// (ConvScope.test) and through real clicks, the displayed output size and values checked
// against the core, hover checked with the real mouse, and a screenshot of each view kept.
import path from 'node:path';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, drawnFrames } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_playground');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${server.url}/${args.subpath}/`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const hook = (command) => page.evaluate((c) => window.ConvScope.test(c), command);
  const settle = () => drawnFrames(page);
  const shown = async () => { await settle(); return (await hook({ cmd: 'get' })).values; };
  const core = (request) => page.evaluate((r) => window.ConvScope.eval(r), request);

  // The chapter's example is the first thing on screen.
  let v = await shown();
  t.check(same(v.output_size, [3, 3]), `default output is 3x3 (${JSON.stringify(v.output_size)})`);
  t.check(same(v.output_values, [35, 40, 45, 60, 65, 70, 85, 90, 95]), `default output values are the chapter's 35 40 45 / 60 65 70 / 85 90 95`);
  t.check(v.sum === '1 + 3 + 7 + 11 + 13 = 35', `step 1 writes its sum out (${v.sum})`);
  t.check(same(v['key:steps'], ['read by the current output', 'output being computed', 'outputs the pointed input feeds']) &&
          v['scale:input'] === undefined, `the grids' colours have a key, and number grids no scale (${JSON.stringify(v['key:steps'])})`);
  await page.screenshot({ path: path.join(artifacts, 'playground-default.png') });

  // Stride 2: the corners of the stride-1 output.
  await hook({ cmd: 'set', query: 'S=2' });
  v = await shown();
  t.check(same(v.output_size, [2, 2]) && same(v.output_values, [35, 45, 85, 95]), `S=2 shows 2x2: 35 45 / 85 95 (${JSON.stringify(v.output_values)})`);

  // Stride 2, padding 1, reflect: values must equal the core's own answer.
  await hook({ cmd: 'set', query: 'S=2&P=1&mode=reflect' });
  v = await shown();
  const ramp = [[[[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15], [16, 17, 18, 19, 20], [21, 22, 23, 24, 25]]]];
  const corners = [[[[1, 0, 1], [0, 1, 0], [1, 0, 1]]]];
  const expected = await core({ op: 'conv', layer: { kernel: 3, stride: 2, padding: 1, padding_mode: 'reflect' }, x: ramp, w: corners });
  t.check(same(v.output_size, [3, 3]) && same(v.output_values, expected.y[0][0].flat()), `S=2, P=1, reflect shows the core's values (${JSON.stringify(v.output_values)})`);
  t.check(v.formula.some((line) => line.includes('⌊(5 + 2·1 − 3)/2⌋ + 1')), `the formula substitutes the numbers (${v.formula[1]})`);
  await page.screenshot({ path: path.join(artifacts, 'playground-stride2-reflect.png') });

  // Dilation 2 without padding collapses to 1x1; a refused configuration shows a message.
  await hook({ cmd: 'set', query: 'S=1&P=0&D=2&mode=zeros' });
  v = await shown();
  t.check(same(v.output_size, [1, 1]), `D=2, P=0 collapses to 1x1 (${JSON.stringify(v.output_size)})`);
  await page.screenshot({ path: path.join(artifacts, 'playground-dilation2.png') });
  await hook({ cmd: 'set', query: 'S=2&P=same&rule=pytorch&D=1' });
  v = await shown();
  t.check(typeof v.error === 'string' && v.error.includes('TensorFlow rule gives pads'), `PyTorch same with stride 2 is refused inline (${(v.error || '').slice(0, 70)}…)`);
  await page.screenshot({ path: path.join(artifacts, 'playground-refused.png') });

  // Real mouse: hover output cell (1, 1) of the default layer; its taps light up on the input.
  await hook({ cmd: 'set', query: 'I=5&K=3&S=1&P=0&D=1&rule=pytorch' });
  v = await shown();
  let rects = (await hook({ cmd: 'get' })).rects;
  const out = rects['grid:output'];
  await page.mouse.move(out.x + out.cell * 1.5, out.y + out.cell * 1.5);
  v = await shown();
  const taps = v.highlighted_inputs.map((c) => `${c[1]},${c[2]}`).sort();
  const want = ['1,1', '1,2', '1,3', '2,1', '2,2', '2,3', '3,1', '3,2', '3,3'];
  t.check(same(taps, want), `hovering output (1,1) lights its 9 taps (${taps.join(' ')})`);
  t.check(v.sum === '7 + 9 + 13 + 17 + 19 = 65', `and writes its sum (${v.sum})`);
  await page.screenshot({ path: path.join(artifacts, 'playground-hover-output.png') });

  // Hover the centre input cell: every output it feeds (all 9 at S=1, K=3 on 5x5).
  rects = (await hook({ cmd: 'get' })).rects;
  const inp = rects['grid:input'];
  await page.mouse.move(inp.x + inp.cell * 2.5, inp.y + inp.cell * 2.5);
  v = await shown();
  t.check(v.feeds === 9 && v.highlighted_outputs.length === 9, `hovering input (2,2) lights the 9 outputs it feeds (${v.feeds})`);
  await page.mouse.move(inp.x + inp.cell * 0.5, inp.y + inp.cell * 0.5);
  v = await shown();
  t.check(v.feeds === 1, `the corner input feeds 1 output (${v.feeds})`);
  await page.screenshot({ path: path.join(artifacts, 'playground-hover-input.png') });
  await page.mouse.move(5, 790);

  // A real click on the step-forward button and the keyboard both advance the step.
  const fwd = rects['control:step_forward'];
  await page.mouse.click(fwd.x + fwd.w / 2, fwd.y + fwd.h / 2);
  v = await shown();
  t.check(same(v.current_output, [0, 0, 1]) && v.sum === '2 + 4 + 8 + 12 + 14 = 40', `clicking → moves to step 2 (${v.sum})`);
  await page.keyboard.press('ArrowRight');
  v = await shown();
  t.check(same(v.current_output, [0, 0, 2]), `the right arrow key moves to step 3 (${JSON.stringify(v.current_output)})`);

  // Space plays: the step advances on its own (the paused page wakes itself on a timer).
  const before = (await shown()).current_output;
  await page.keyboard.press('Space');
  await page.waitForTimeout(1600);
  await page.keyboard.press('Space');
  v = await shown();
  const advanced = (v.current_output[2] - before[2] + 3) % 3 + 3 * (((v.current_output[1] - before[1]) % 3 + 3) % 3);
  t.check(advanced >= 2, `space plays and pauses the animation (${advanced} steps in 1.6 s at 2 steps/s)`);

  // A real drag on the stride slider changes the displayed output size.
  const slider = rects['control:stride S'];
  await page.mouse.click(slider.x + slider.w * 0.2, slider.y + slider.h / 2);
  v = await shown();
  const strideNow = Number((v.state.match(/S=(\d+)/) || [])[1]);
  t.check(strideNow >= 2 && same(v.output_size, (await core({ op: 'shape', input: [5, 5], layer: { kernel: 3, stride: strideNow } })).output),
          `clicking the stride slider sets S=${strideNow} and the output follows (${JSON.stringify(v.output_size)})`);

  // 1-D and 3-D views, transposed convolution and pooling render without errors.
  for (const [name, query] of [['1d', 'I=9&dims=1&K=3&S=1&P=1&D=1'], ['3d', 'I=4x5x5&K=3&S=1&P=1&D=1'],
                               ['transposed', 'I=3x3&type=conv_transpose&K=3&S=2&P=1&op=1&D=1'],
                               ['maxpool', 'I=6x6&type=max_pool&K=2&S=2&P=0&D=1&ceil=1'],
                               ['large', 'I=32x32&type=conv&K=7&S=1&P=3&D=1&input=image&kernel=gauss']]) {
    await hook({ cmd: 'set', query });
    v = await shown();
    t.check(!v.error && Array.isArray(v.output_size), `${name}: ${query} shows output ${JSON.stringify(v.output_size)}`);
    if (name === 'large') {
      // 32x32 cells cannot hold numbers: heat maps, each with its colour scale.
      t.check(Array.isArray(v['scale:input']) && v['scale:input'][0] < v['scale:input'][1] && Array.isArray(v['scale:output']),
              `large: heat maps carry colour scales (input ${JSON.stringify(v['scale:input'])}, output ${JSON.stringify(v['scale:output'])})`);
    }
    if (name === '3d') {
      const captions = [v['caption:input'], v['caption:kernel'], v['caption:output']].join(' | ');
      t.check(captions === 'Input 4×5×5, padded | Kernel 3×3×3 | Output 4×5×5', `3-D captions name all three sizes in the link's order (${captions})`);
    }
    await page.screenshot({ path: path.join(artifacts, `playground-${name}.png`) });
  }
  // Average pooling writes out PyTorch's divisor: the corner window at padding 1 holds one
  // input cell but divides by 4 with count_include_pad, by 1 without.
  await hook({ cmd: 'set', query: 'I=4x4&type=avg_pool&K=2&S=2&P=1&D=1&ceil=0&step=0&input=ramp' });
  v = await shown();
  t.check(v.sum === '(1) / 4 = 0.25', `avg pool sum shows the divisor (${v.sum})`);
  await hook({ cmd: 'set', query: 'cip=0' });
  v = await shown();
  t.check(v.sum === '(1) / 1 = 1', `without count_include_pad the divisor is the real cells (${v.sum})`);

  // Linear upsampling: the factor is the only size, the values are the core's (PyTorch's
  // F.interpolate), and each output writes out its interpolation weights.
  await hook({ cmd: 'set', query: 'I=5x5&type=upsample_linear&K=2&step=0&input=ramp&cip=1' });
  v = await shown();
  const up = await core({ op: 'conv', layer: { type: 'upsample_linear', scale_factor: 2 }, x: ramp });
  t.check(same(v.output_size, [10, 10]) && same(v.output_values, up.y[0][0].flat()), `bilinear x2 shows the core's 10x10 values (${JSON.stringify(v.output_values.slice(0, 4))}…)`);
  t.check(v.formula[0] === 'every dimension:  O = I·r = 5·2 = 10', `its formula is O = I·r (${v.formula[0]})`);
  await hook({ cmd: 'set', query: 'step=11' });
  v = await shown();
  t.check(v.sum === '0.562·1 + 0.188·2 + 0.188·6 + 0.0625·7 = 2.5', `an inner output writes its four weights (${v.sum})`);
  await page.screenshot({ path: path.join(artifacts, 'playground-upsample-linear.png') });
  await hook({ cmd: 'set', query: 'align=1' });
  v = await shown();
  const aligned = await core({ op: 'conv', layer: { type: 'upsample_linear', scale_factor: 2, align_corners: true }, x: ramp });
  t.check(same(v.output_values, aligned.y[0][0].flat()) && Math.abs(v.output_values[9] - 5) < 1e-5, `align_corners keeps the corners: the core's values, last of row 0 is 5 (${v.output_values[9]})`);
  await hook({ cmd: 'set', query: 'type=pixel_shuffle&align=0' });
  v = await shown();
  t.check(typeof v.error === 'string' && v.error.includes('moves cells between channels'), `pixel shuffle in the one-channel playground says where to see it (${(v.error || '').slice(0, 60)}…)`);

  // The overlap map: kernel 3, stride 2 lands 1-2-1-2 taps along each axis (1, 2 or 4 per
  // cell), kernel 4 lands 2 everywhere inside the border; each remedy is even.
  await hook({ cmd: 'set', query: 'type=conv_transpose&I=4&K=3&S=2&P=1&D=1&op=1&panel=overlap' });
  v = await shown();
  t.check(v.overlap_summary === '1-2-1-2 along each axis; 1, 2 or 4 taps per cell in 2-D: uneven, a checkerboard of period 2',
          `k=3, s=2 states its checkerboard (${v.overlap_summary})`);
  t.check(same(v.overlap_counts.slice(0, 16), [1, 2, 1, 2, 1, 2, 1, 1, 2, 4, 2, 4, 2, 4, 2, 2]), `its first rows count 1 2 1 2 / 2 4 2 4 (${JSON.stringify(v.overlap_counts.slice(0, 16))})`);
  t.check(v.overlap_remedies.length === 3 && v.overlap_remedies.every((r) => r.even),
          `three remedies, each even (${v.overlap_remedies.map((r) => r.name).join(' | ')})`);
  await page.screenshot({ path: path.join(artifacts, 'playground-overlap.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await settle();
  v = await shown();
  t.check(v.overlap_summary !== undefined, `a phone-sized window keeps the overlap panel open (${v.state})`);
  await page.screenshot({ path: path.join(artifacts, 'playground-overlap-phone.png') });
  await page.setViewportSize({ width: 1280, height: 800 });
  await hook({ cmd: 'set', query: 'K=4' });
  v = await shown();
  t.check(v.overlap_summary === '4 taps on every cell inside the border: even', `k=4, s=2 is even (${v.overlap_summary})`);
  // The same input through four up-samplers: their shapes, weights and names.
  await hook({ cmd: 'set', query: 'K=3&panel=upsamplers' });
  v = await shown();
  t.check(v.upsamplers.length === 4 && v.upsamplers.every((u) => same(u.shape, [8, 8])),
          `four up-samplers, each 8x8 (${v.upsamplers.map((u) => JSON.stringify(u.shape)).join(' ')})`);
  t.check(same(v.upsamplers.map((u) => u.parameters), [9, 9, 9, 36]), `weights 9, 9, 9 and 36 (${v.upsamplers.map((u) => u.parameters).join(', ')})`);
  t.check(v.upsamplers[0].name === 'transposed conv 3, stride 2' && v.upsamplers[3].name === 'conv 3 to 4 channels, then pixel shuffle 2',
          `named by what they are (${v.upsamplers.map((u) => u.name).join(' | ')})`);
  await page.screenshot({ path: path.join(artifacts, 'playground-upsamplers.png') });
  await hook({ cmd: 'set', query: 'type=conv&K=3&S=1&P=0&op=0&panel=steps' });

  // A hand-typed malformed setting is ignored with a note, not a blank page.
  const notes = (await hook({ cmd: 'set', query: 'S=zero&Q=4' })).notes;
  t.check(notes.length === 2, `malformed settings give notes (${notes.join('; ')})`);
  t.check(problems.length === 0, `no console errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
  await context.close();
} finally {
  await browser.close();
  server.stop();
}
t.finish();
