// The playground's Channels panel driven like a person would: channels and groups set by a
// link, the values checked against the core's grouped convolution, a real mouse hovering an
// output cell (its taps light in every input channel of its group and in no other) and an
// input cell, stepping across channels, the depth multiplier's counts, a refused grouping
// that keeps its controls, and screenshots at 1280x800, in a 720x480 iframe on a light page
// and on a 390x844 touch phone.
import path from 'node:path';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, drawnFrames, distinctColours } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_channels');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
// The panel's channel counts as [in, out, groups, depth multiplier].
const counts = (c) => c && [c.in, c.out, c.groups, c.depth_multiplier];
// Rows of `width` from a flat list: the core's eval takes nested arrays.
const rows = (flat, width) => Array.from({ length: flat.length / width }, (_, i) => flat.slice(i * width, (i + 1) * width));
const link = 'I=5&K=3&P=1&Cin=4&Cout=4&G=2&panel=channels';

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${server.url}/${args.subpath}/#${link}`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const hook = (command) => page.evaluate((c) => window.ConvScope.test(c), command);
  const snapshot = async () => { await drawnFrames(page); return hook({ cmd: 'get' }); };
  const core = (request) => page.evaluate((r) => window.ConvScope.eval(r), request);

  // The link's channels and groups: outputs 0-1 read inputs 0-1, outputs 2-3 inputs 2-3.
  let s = await snapshot();
  let v = s.values;
  t.check(same(counts(v.channels), [4, 4, 2, 0]), `the link sets 4 -> 4 channels in 2 groups (${JSON.stringify(v.channels)})`);
  t.check(same(v.channel_connections, [[0, 2], [0, 2], [2, 2], [2, 2]]), `each output reads its group's 2 inputs (${JSON.stringify(v.channel_connections)})`);
  // The drawn values are the core's grouped convolution of the drawn input and weights.
  const x = [v.channel_input.map((c) => rows(c, 5))];
  const w = v.channel_weights.map((o) => o.map((slice) => rows(slice, 3)));
  const y = await core({ op: 'conv', layer: { kernel: 3, padding: 1, groups: 2 }, x, w });
  t.check(same(v.channel_output, y.y[0].map((c) => c.flat())), `the 4 output channels equal the core's conv with groups=2 (${v.channel_output.map((c) => c[0]).join(', ')} ...)`);
  t.check(x[0][1][0][0] === 26 && x[0][3][4][4] === 100, `the ramp numbers the whole (4, 5, 5) input (channel 1 starts at ${x[0][1][0][0]})`);
  // Versions: standard 4*4*9+4, grouped 4*2*9+4 (this layer), depthwise 4*1*9+4, separable 40+20.
  t.check(same(v.channel_versions.map((r) => r.parameters), [148, 76, 40, 60]) && v.channel_versions[1].this_layer,
          `parameters 148, 76 (this layer), 40, 60 (${v.channel_versions.map((r) => `${r.name} ${r.parameters}`).join(' | ')})`);
  t.check(same(v.channel_versions.map((r) => r.macs), [3600, 1800, 900, 1300]), `MACs 3600, 1800, 900, 1300 (${v.channel_versions.map((r) => r.macs).join(', ')})`);
  await page.screenshot({ path: path.join(artifacts, 'channels-grouped.png') });

  // Real mouse on output channel 3, cell (1, 1): its 9 taps light in inputs 2 and 3 only.
  const out3 = s.rects['grid:ch_out3'];
  await page.mouse.move(out3.x + out3.cell * 1.5, out3.y + out3.cell * 1.5);
  s = await snapshot();
  v = s.values;
  const nine = [];
  for (let r = 0; r <= 2; ++r) for (let c = 0; c <= 2; ++c) nine.push(`${r},${c}`);
  const litCells = (entry) => entry.cells.map((cell) => `${cell[1]},${cell[2]}`).sort();
  t.check(same(v.channel_current, [3, 0, 1, 1]), `hovering out 3 (1,1) makes it current (${JSON.stringify(v.channel_current)})`);
  t.check(same(v.channel_lit.map((e) => e.channel), [2, 3]) && v.channel_lit.every((e) => same(litCells(e), nine)),
          `its taps light in input channels 2 and 3, 9 each (${v.channel_lit.map((e) => `${e.channel}: ${e.cells.length}`).join(', ')})`);
  t.check(v.channel_sums.length === 3 && v.channel_sums[0].startsWith('in 2: ') && v.channel_sums[2].startsWith('out 3 = '),
          `its sum is written per input channel (${v.channel_sums.join(' | ')})`);
  const total = Number(v.channel_sums[2].split(' = ').pop());
  t.check(total === v.channel_output[3][6], `and ends in the drawn value ${v.channel_output[3][6]} (${total})`);
  await page.screenshot({ path: path.join(artifacts, 'channels-hover-output.png') });

  // An input cell of channel 1 feeds outputs 0 and 1 (its group), 9 cells each at P=1.
  const in1 = s.rects['grid:ch_in1'];
  await page.mouse.move(in1.x + in1.cell * 3.5, in1.y + in1.cell * 3.5);  // input (2, 2) past the padding ring
  v = (await snapshot()).values;
  t.check(same(v.channel_fed.map((e) => e.channel), [0, 1]) && v.channel_fed.every((e) => e.cells.length === 9),
          `input channel 1 (2,2) feeds outputs 0 and 1, 9 cells each (${v.channel_fed.map((e) => `${e.channel}: ${e.cells.length}`).join(', ')})`);
  await page.mouse.move(5, 790);

  // Stepping runs through the cells of one output channel, then the next.
  await hook({ cmd: 'set', query: `${link}&ch=0&step=24` });
  s = await snapshot();
  const forward = s.rects['control:channel_forward'];
  await page.mouse.click(forward.x + forward.w / 2, forward.y + forward.h / 2);
  s = await snapshot();
  t.check(same(s.values.channel_current, [1, 0, 0, 0]) && s.state.includes('ch=1'), `after the last cell of channel 0 comes channel 1's first (${JSON.stringify(s.values.channel_current)}, ${s.state})`);

  // The depth multiplier: dm=2 on 3 channels is groups=3, 6 outputs, each reading one input.
  await hook({ cmd: 'set', query: 'I=5&K=3&P=1&Cin=3&dm=2&panel=channels' });
  s = await snapshot();
  v = s.values;
  t.check(same(counts(v.channels), [3, 6, 3, 2]) && s.state.includes('Cin=3&Cout=6&G=3'),
          `dm=2 gives a depthwise 3 -> 6 (${JSON.stringify(v.channels)}, ${s.state})`);
  t.check(same(v.channel_connections, [[0, 1], [0, 1], [1, 1], [1, 1], [2, 1], [2, 1]]), `outputs 2k and 2k+1 read input k (${JSON.stringify(v.channel_connections)})`);
  t.check(same(v.channel_versions.map((r) => [r.name, r.parameters]), [['standard', 168], ['depthwise ×2', 60], ['depthwise-separable', 54]]),
          `standard 168, depthwise ×2 60, separable 54 parameters (${v.channel_versions.map((r) => `${r.name} ${r.parameters}`).join(' | ')})`);
  t.check(s.rects['control:depth_multiplier'] !== undefined, 'a depth multiplier field is shown for a depthwise layer');
  await page.screenshot({ path: path.join(artifacts, 'channels-depthwise.png') });

  // Groups that do not divide: the rule, the numbers and a fix; the controls stay.
  await hook({ cmd: 'set', query: 'I=5&K=3&P=1&Cin=3&Cout=4&G=2&panel=channels' });
  s = await snapshot();
  t.check(typeof s.values.error === 'string' && s.values.error.includes('3 % 2 = 1') && s.values.error.includes('Fix: use groups 1'),
          `groups 2 on 3 channels is refused with a fix (${s.values.error})`);
  t.check(s.rects['control:groups'] !== undefined && s.rects['control:C_in'] !== undefined, 'the channel controls stay on screen to fix it');
  // Typing 4 into C_in fixes it through the control itself.
  const cinField = s.rects['control:C_in'];
  await page.mouse.click(cinField.x + 20, cinField.y + cinField.h / 2);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('4');
  await page.keyboard.press('Enter');
  s = await snapshot();
  t.check(s.values.error === undefined && same(counts(s.values.channels), [4, 4, 2, 0]),
          `typing C_in 4 makes it a valid 2-group layer (${JSON.stringify(s.values.channels)}, ${s.values.error || 'no error'})`);

  // The main view says it draws one channel pair.
  await hook({ cmd: 'set', query: 'I=5&K=3&P=1&Cin=4&Cout=4&G=2&panel=steps' });
  s = await snapshot();
  t.check(same(s.values.output_size, [5, 5]), `the step-through view still computes with channels set (${JSON.stringify(s.values.output_size)})`);

  // A phone: the panel opens from a link and draws every channel.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const mobile = await phone.newPage();
  await mobile.goto(`${server.url}/${args.subpath}/#${link}`);
  await mobile.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  await drawnFrames(mobile);
  const ms = await mobile.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
  t.check(ms.rects['grid:ch_out3'] !== undefined && ms.rects['grid:ch_in3'] !== undefined, 'on a phone every channel is drawn');
  const phoneShot = await mobile.screenshot({ path: path.join(artifacts, 'channels-phone.png') });
  t.check((await distinctColours(mobile, phoneShot)).colours > 15, 'the phone screenshot is drawn');
  await phone.close();

  // A course page: the panel embedded in a 720x480 iframe on a light page.
  const course = await context.newPage();
  await course.setContent(`<!doctype html><body style="background:#fff;font-family:serif;margin:20px">
    <p>Depthwise convolution: each output channel reads one input channel.</p>
    <iframe id="fig" src="${server.url}/${args.subpath}/#embed=1&panel=channels&I=5&K=3&P=1&Cin=3&dm=2" width="720" height="480"></iframe></body>`);
  const frame = await (await course.$('#fig')).contentFrame();
  await frame.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  await drawnFrames(frame);
  const fs = await frame.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
  t.check(fs.values.embed === true && same(counts(fs.values.channels), [3, 6, 3, 2]),
          `the embed carries the channel keys (${JSON.stringify(fs.values.channels)})`);
  const fout = fs.rects['grid:ch_out5'];
  t.check(fout !== undefined && fout.y + fout.h <= 480, `all 6 output channels fit in the 480-pixel frame (${fout && Math.round(fout.y + fout.h)})`);
  await course.screenshot({ path: path.join(artifacts, 'channels-iframe.png') });
  await course.close();

  t.check(problems.length === 0, `no console errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
  await context.close();
} finally {
  await browser.close();
  server.stop();
}
t.finish();
