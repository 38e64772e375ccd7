// The receptive-field explorer driven through the page: presets against their published
// numbers, a real click on an output unit and the field it draws, the effective field,
// print(model) pasted with Ctrl+V and read as a stack, the table copied as CSV, the growth
// of WaveNet's stack and its reference curves, the U-Net planner's 572 → 388 and a U-Net with
// strided convolutions, and a 3-D stack through a link, with a screenshot of each.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, drawnFrames } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const here = path.dirname(fileURLToPath(import.meta.url));
const t = makeChecker('browser_explorer');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${server.url}/${args.subpath}/`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const set = (query) => page.evaluate((q) => window.ConvScope.test({ cmd: 'set', query: q }), query);
  const get = async () => { await drawnFrames(page); return page.evaluate(() => window.ConvScope.test({ cmd: 'get' })); };
  const click = (r, fx = 0.5, fy = 0.5) => page.mouse.click(r.x + r.w * fx, r.y + r.h * fy);

  // The explorer opens on the chapter's three 3x3 convolutions, the last layer's centre
  // unit selected, its theoretical field shown; the effective field is one click away.
  await set('view=rf');
  let snap = await get();
  t.check(same(snap.values['key:rf'], ['in the receptive field', 'outside it', 'selected unit']), `the field's colours have a key (${JSON.stringify(snap.values['key:rf'])})`);
  t.check(same(snap.values.rf_headline.rf, [7, 7]) && same(snap.values.rf_headline.output, [7, 7]) && same(snap.values.rf_unit, [3, 3]) &&
          snap.values.erf === undefined && same(snap.values.rf_range, [[0, 6], [0, 6]]),
          `first look: three 3×3 convolutions, RF 7×7 over the whole 7×7 input, theoretical field (${JSON.stringify(snap.values.rf_range)})`);
  await page.screenshot({ path: path.join(artifacts, 'explorer-first-look.png') });
  await click(snap.rects['rf:show_effective']);
  snap = await get();
  t.check(snap.values.erf !== undefined && snap.rf_state.includes('erf=uniform'), 'one click shows the effective field');
  // Its decimals would be smaller than 11 px in 28 px cells: a heat map with its scale.
  t.check(snap.values['heat_map:rf_input'] !== undefined && same(snap.values['scale:erf'], [0, 1]) &&
          same(snap.values['key:rf'], ['theoretical field', 'selected unit']),
          `the effective field is a heat map with a 0-1 scale and a key (${JSON.stringify(snap.values['key:rf'])})`);
  await click(snap.rects['rf:show_theoretical']);

  // The chapter's first state: a 7x7 input, layers added one by one.
  await set('view=rf&rf_in=7x7&stack=&rf_panel=picture');
  snap = await get();
  t.check(same(snap.values.rf_headline.rf, [1, 1]) && snap.values.rf_headline.coverage === '2.0%', `no layers: RF 1×1, coverage 2.0% (${snap.values.rf_headline.coverage})`);
  // Each new layer's row pushes the button down: find it again before every click.
  for (let i = 0; i < 3; ++i) {
    await click(snap.rects['rf:add:c3p1']);
    snap = await get();
  }
  t.check(same(snap.values.rf_headline.rf, [7, 7]) && snap.values.rf_headline.coverage === '100.0%', `three clicks on "+ conv 3×3": RF 7×7 (${snap.values.rf_headline.rf})`);
  await page.screenshot({ path: path.join(artifacts, 'explorer-chapter.png') });

  // Presets against their published numbers (Google's receptive_field table).
  for (const [preset, rf, jump, padding] of [['vgg16', 212, '32', 90], ['alexnet_v2', 195, '32', 64], ['resnet50_v1_slim', 483, '32', 239]]) {
    await set(`view=rf&rf_preset=${preset}&rf_panel=table`);
    snap = await get();
    const last = snap.values.rf_table[snap.values.rf_table.length - 1];
    t.check(same(last.rf, [rf, rf]) && last.jump === jump && same(last.effective_padding, [padding, padding]),
            `${preset}: last layer RF ${last.rf[0]}, jump ${last.jump}, effective padding ${last.effective_padding[0]}`);
    t.check(snap.values.rf_published.every((p) => p.holds), `${preset}: every published end-point matches (${snap.values.rf_published.length})`);
  }
  await page.screenshot({ path: path.join(artifacts, 'explorer-table-resnet50.png') });

  // Copy CSV: the core's table on the clipboard.
  await click(snap.rects['rf:copy_csv']);
  await page.waitForTimeout(300);
  const csv = await page.evaluate(() => navigator.clipboard.readText());
  const lines = csv.trim().split('\n');
  t.check(lines[0].startsWith('layer,name,type,dim,output,rf,jump,range_lo,range_hi,effective_padding'), `CSV header (${lines[0].slice(0, 60)}…)`);
  t.check(lines[lines.length - 1].split(',')[5] === '483', `CSV last line has RF 483 (${lines[lines.length - 1].slice(0, 60)})`);

  // VGG-16's 212x212 field on its 224x224 input, drawn cell by cell (more cells than 16-bit
  // indices reach): the whole field is the tap colour on screen, not half of it.
  await set('view=rf&rf_preset=vgg16&rf_panel=picture');
  await page.mouse.move(1270, 790);  // no tooltip over the grid
  snap = await get();
  {
    const grid = snap.rects['rf:grid:input'];
    const [lo, hi] = snap.values.rf_range[1];
    const clip = { x: grid.x + grid.cell * (lo + 2), y: grid.y + grid.cell * (lo + 2), width: grid.cell * (hi - lo - 4), height: grid.cell * (hi - lo - 4) };
    const png = await page.screenshot({ clip });
    const share = await page.evaluate(async ([b64, tap]) => {
      const img = new Image();
      img.src = 'data:image/png;base64,' + b64;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width; c.height = img.height;
      c.getContext('2d').drawImage(img, 0, 0);
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let hits = 0;
      for (let i = 0; i < data.length; i += 4) hits += Math.abs(data[i] - tap[0]) + Math.abs(data[i + 1] - tap[1]) + Math.abs(data[i + 2] - tap[2]) < 30;
      return hits / (data.length / 4);
    }, [png.toString('base64'), snap.values.tap_colour]);
    t.check(share > 0.99, `VGG-16's 212×212 field is drawn whole: ${(share * 100).toFixed(1)}% of its inside is the tap colour`);
    await page.screenshot({ path: path.join(artifacts, 'explorer-vgg16-field.png') });
  }

  // Click an output unit: the chapter's stack, layer 3, unit (2, 5) reads rows [-1, 5] × columns [2, 8].
  await set('view=rf&rf_in=9x9&stack=c3p1;c3p1;c3p1&layer=3&unit=0x0&erf=off&rf_panel=picture');
  snap = await get();
  const out = snap.rects['rf:grid:output'];
  await page.mouse.click(out.x + out.cell * 5.5, out.y + out.cell * 2.5);
  snap = await get();
  t.check(same(snap.values.rf_unit, [2, 5]), `a click selects unit (2, 5) (${snap.values.rf_unit})`);
  t.check(same(snap.values.rf_range, [[-1, 5], [2, 8]]), `its field is rows −1..5, columns 2..8 (${JSON.stringify(snap.values.rf_range)})`);
  await page.screenshot({ path: path.join(artifacts, 'explorer-unit.png') });

  // The effective field of ResNet-v1-50's centre unit: inside the theoretical field, peaked.
  await set('view=rf&rf_preset=resnet50_v1_slim&unit=3x3&erf=uniform&rf_panel=picture');
  snap = await get();
  t.check(snap.values.erf && snap.values.erf.nonzero > 1000 && snap.values.erf.radius50 < snap.values.erf.radius90,
          `ResNet-50 effective field: ${snap.values.erf && snap.values.erf.nonzero} cells, 50% within ${snap.values.erf && snap.values.erf.radius50.toFixed(1)}`);
  await page.screenshot({ path: path.join(artifacts, 'explorer-erf-resnet50.png') });

  // Paste print(model) with Ctrl+V into the paste box and read it.
  await set('view=rf&rf_in=256x256&stack=&rf_panel=table');
  snap = await get();
  await click(snap.rects['rf:paste_header']);
  snap = await get();
  const printed = readFileSync(path.join(here, '..', 'data', 'torch_print', 'patchgan.txt'), 'utf8');
  await page.evaluate((text) => navigator.clipboard.writeText(text), printed);
  await click(snap.rects['rf:paste_text'], 0.5, 0.3);
  await drawnFrames(page);
  await page.keyboard.press('Control+V');
  snap = await get();
  await click(snap.rects['rf:paste_read']);
  snap = await get();
  const report = snap.values.rf_paste_report || [];
  t.check(report[0] === 'Read 5 layers (torch form), in print order.', `print(model) of PatchGAN reads as 5 layers (${report[0]})`);
  const last = snap.values.rf_table[snap.values.rf_table.length - 1];
  t.check(last && same(last.rf, [70, 70]) && same(last.output, [30, 30]), `and its last layer has RF 70, output 30×30 (${last && last.rf})`);
  t.check(report.some((line) => line.includes('BatchNorm2d') || line.includes('LeakyReLU')), 'the ignored layers are listed');
  await page.screenshot({ path: path.join(artifacts, 'explorer-pasted.png') });

  // A print(model) with Conv3d layers lands as a 3-D stack (PyTorch: 16×64×64 → 8×16×16).
  const printed3d = [
    'Sequential(',
    '  (0): Conv3d(1, 16, kernel_size=(3, 3, 3), stride=(1, 1, 1), padding=(1, 1, 1))',
    '  (1): ReLU()',
    '  (2): MaxPool3d(kernel_size=(1, 2, 2), stride=(1, 2, 2), padding=0, dilation=1, ceil_mode=False)',
    '  (3): Conv3d(16, 32, kernel_size=(3, 3, 3), stride=(2, 2, 2), padding=(1, 1, 1))',
    ')'].join('\n');
  await set('view=rf&rf_in=16x64x64&rf_dims=3&stack=&rf_panel=table');
  snap = await get();
  await page.evaluate((text) => navigator.clipboard.writeText(text), printed3d);
  await click(snap.rects['rf:paste_text'], 0.5, 0.3);
  await drawnFrames(page);
  // Select the PatchGAN text left in the box with Ctrl+A, pressed while the page is idle, so
  // the whole chord reaches the app in one batch of events (its Ctrl must still count as held
  // when the A is read), then paste over the selection.
  await page.keyboard.press('Control+A');
  await drawnFrames(page);
  await page.keyboard.press('Control+V');
  for (let i = 0; i < 20; ++i) {
    snap = await get();
    if (snap.values.rf_paste_length === printed3d.length) break;
  }
  t.check(snap.values.rf_paste_length === printed3d.length, `the Conv3d text replaced the box's text (${snap.values.rf_paste_length} of ${printed3d.length} characters)`);
  await click(snap.rects['rf:paste_read']);
  snap = await get();
  const last3dPaste = snap.values.rf_table[snap.values.rf_table.length - 1];
  t.check((snap.values.rf_paste_report || [])[0] === 'Read 3 layers (torch form), in print order.' && last3dPaste &&
          same(last3dPaste.output, [8, 16, 16]), `print(model) with Conv3d reads as a 3-D stack, output ${last3dPaste && last3dPaste.output}`);

  // WaveNet's growth: 2, 4, ..., 1024.
  await set('view=rf&rf_preset=wavenet&rf_panel=growth');
  snap = await get();
  t.check(snap.values.rf_growth[snap.values.rf_growth.length - 1] === 1024, `WaveNet's stack grows to 1024 (${snap.values.rf_growth.slice(-3)})`);
  await page.screenshot({ path: path.join(artifacts, 'explorer-growth.png') });

  // The U-Net planner: 572 → 388 with the paper's crops.
  await set('view=rf&rf_panel=unet&unet_in=572&unet_depth=4');
  snap = await get();
  t.check(same(snap.values.unet_output, [388, 388]), `U-Net 572 → ${snap.values.unet_output}`);
  const top = snap.values.unet_levels[0];
  t.check(same(top.skip, [568, 568]) && same(top.up, [392, 392]), `level 1: skip 568 cropped to 392 (${top.skip} / ${top.up})`);
  await page.screenshot({ path: path.join(artifacts, 'explorer-unet.png') });

  // Other operators: conv 3×3 stride 2 pad 1 down, transposed 3×3 stride 2 pad 1
  // output_padding 1 up, same-padded blocks: on 256 every skip matches without a crop.
  await set('view=rf&rf_panel=unet&unet_in=256&unet_same=1&unet_down=c3s2p1&unet_up=t3s2p1o1');
  snap = await get();
  t.check(same(snap.values.unet_output, [256, 256]) && snap.values.unet_exact === true, `strided U-Net 256 → ${snap.values.unet_output}, skips exact`);
  t.check(same(snap.values.unet_levels.map((l) => l.skip[0]), [256, 128, 64, 32]) && snap.values.unet_levels.every((l) => same(l.skip, l.up)),
          `its skips 256, 128, 64, 32 meet equal up-sampled maps (${snap.values.unet_levels.map((l) => l.up[0])})`);
  t.check(snap.rf_state.includes('unet_down=c3s2p1') && snap.rf_state.includes('unet_up=t3s2p1o1') && snap.rf_state.includes('unet_same=1'),
          `the operators are in the link (${snap.rf_state.slice(snap.rf_state.indexOf('unet_'))})`);
  await page.screenshot({ path: path.join(artifacts, 'explorer-unet-strided.png') });
  await click(snap.rects['unet:preset_valid']);
  snap = await get();
  t.check(snap.values.unet_operators.unet_down === 'm2' && snap.values.unet_operators.unet_up === 't2s2' &&
          snap.values.unet_operators.unet_down_block === 'c3;c3', `"Original U-Net (valid)" restores its operators (${JSON.stringify(snap.values.unet_operators)})`);

  // The growth plot's references at the stack's depth: stacked 3×3 (1 + 2L) and dilated 3×3 (2^(L+1) − 1).
  await set('view=rf&rf_in=32x32&stack=c3p1;c3p1;c3p1;c3p1&rf_panel=growth');
  snap = await get();
  let reference = snap.values.rf_growth_reference;
  t.check(reference.shown && same(reference.linear, [1, 3, 5, 7, 9]) && same(reference.dilated, [1, 3, 7, 15, 31]),
          `4 layers: linear reference 9, dilated 31 (${reference.linear.slice(-1)}, ${reference.dilated.slice(-1)})`);
  await page.screenshot({ path: path.join(artifacts, 'explorer-growth-compare.png') });
  await click(snap.rects['rf:compare']);
  snap = await get();
  t.check(!snap.values.rf_growth_reference.shown && snap.rf_state.includes('rf_compare=0'), `"compare" hides them, and the link says so`);
  await set('view=rf&rf_preset=resnet50_v1_slim&rf_panel=growth&rf_compare=1');
  snap = await get();
  reference = snap.values.rf_growth_reference;
  t.check(reference.linear[reference.linear.length - 1] === 101 && reference.dilated.length === 32,
          `50 layers: linear 101, dilated stops at 31 layers (${reference.dilated.length - 1})`);

  // A 3-D stack through a link: the table, the link written back, a depth slice in the picture.
  const link3d = 'rf_in=16x64x64&rf_dims=3&stack=c3p1;m1x2x2;c3p1&layer=3&unit=4x5x6&rf_panel=table';
  await set(`view=rf&${link3d}`);
  snap = await get();
  const last3d = snap.values.rf_table[snap.values.rf_table.length - 1];
  t.check(same(last3d.rf, [5, 8, 8]) && same(last3d.output, [16, 32, 32]), `3-D stack: RF 5×8×8, output 16×32×32 (${last3d.rf})`);
  // Layer 3 is the first state's selection, which links leave out.
  t.check(snap.rf_state.startsWith(link3d.replace('&layer=3', '')), `the 3-D link round-trips (${snap.rf_state.slice(0, 90)})`);
  t.check(snap.values.rf_conventions.includes('first pixel') && snap.values.rf_conventions.includes('Effective padding'),
          'the table states its conventions');
  await page.screenshot({ path: path.join(artifacts, 'explorer-table-3d.png') });
  await set('view=rf&rf_panel=picture&erf=off');
  snap = await get();
  t.check(same(snap.values.rf_range, [[2, 6], [7, 14], [9, 16]]) && snap.values.rf_slice === 4,
          `unit (4, 5, 6) reads [2, 6] × [7, 14] × [9, 16], slice 4 on screen (${JSON.stringify(snap.values.rf_range)})`);
  const out3d = snap.rects['rf:grid:output'];
  await page.mouse.click(out3d.x + out3d.cell * 1.5, out3d.y + out3d.cell * 2.5);
  snap = await get();
  t.check(same(snap.values.rf_unit, [4, 2, 1]), `a click in the slice selects unit (4, 2, 1) (${snap.values.rf_unit})`);
  await page.screenshot({ path: path.join(artifacts, 'explorer-picture-3d.png') });
  t.check(problems.length === 0, `no page errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
  await context.close();
} finally {
  await browser.close();
  server.stop();
}
t.finish();
