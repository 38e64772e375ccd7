// The receptive-field explorer driven through the page: presets against their published
// numbers, a real click on an output unit and the field it draws, the effective field,
// print(model) pasted with Ctrl+V and read as a stack, the table copied as CSV, the growth
// of WaveNet's stack and the U-Net planner's 572 → 388, with a screenshot of each.
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

  // The chapter's first state: a 7x7 input, layers added one by one.
  await set('view=rf&rf_in=7x7&stack=&rf_panel=picture');
  let snap = await get();
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
  t.check(problems.length === 0, `no page errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
  await context.close();
} finally {
  await browser.close();
  server.stop();
}
t.finish();
