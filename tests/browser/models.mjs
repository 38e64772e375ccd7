// Your own model in the page: torchvision's ResNet-18 and DenseNet-121 (random weights,
// exported to ONNX by tests/models/export_models.py) opened with the file picker and by
// dropping the file on the figure; the model reader arrives only then (a first visit never
// fetches it); the node table, its filter, CSV and Markdown, a node selected and its field
// on the input, a new input size, an unreadable file, ConvScope.analyseModel; screenshots at
// 1280x800 and on a 390x844 phone.
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, drawnFrames } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const here = path.dirname(fileURLToPath(import.meta.url));
const t = makeChecker('browser_models');
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// The models, exported once per build folder and served beside the page.
const root = path.resolve(args.root);
const models = path.join(root, 'test-models');
mkdirSync(models, { recursive: true });
execFileSync('/usr/bin/python3', [path.join(here, '..', 'models', 'export_models.py'), models, 'resnet18:13', 'densenet121:14'],
             { stdio: 'inherit' });
writeFileSync(path.join(models, 'notes.onnx'), 'these are my notes, not a model\n');

const server = await serveStatic(root);
const browser = await launchBrowser();

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  // Playwright intercepts file choosers once a listener exists: set it up before the page runs.
  const chooser = page.waitForEvent('filechooser', { timeout: 60000 });
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));
  await page.goto(`${server.url}/${args.subpath}/#view=rf`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const get = async () => { await drawnFrames(page); return page.evaluate(() => window.ConvScope.test({ cmd: 'get' })); };
  const click = (r, fx = 0.5, fy = 0.5) => page.mouse.click(r.x + r.w * fx, r.y + r.h * fy);
  const opened = async (before) => {
    await page.waitForFunction((b) => document.body.dataset.modelOpenMs && document.body.dataset.modelOpenMs !== b, before, { timeout: 60000 });
    return Number(await page.evaluate(() => document.body.dataset.modelOpenMs));
  };

  let snap = await get();
  t.check(!fetched.some((u) => u.includes('convscope-model')), 'the first visit does not fetch the model reader');
  t.check(snap.rects['rf:open_model'] !== undefined, 'the explorer has an Open model button beside the presets');

  // 1. The file picker.
  await click(snap.rects['rf:open_model']);
  await (await chooser).setFiles(path.join(models, 'resnet18.onnx'));
  const resnetMs = await opened(undefined);
  snap = await get();
  t.check(fetched.some((u) => u.endsWith('convscope-model.wasm')), 'opening a model fetches the model reader');
  t.check(snap.values.model_name === 'resnet18.onnx' && snap.values.model_error === '' && snap.values.model_nodes > 40 &&
          snap.values.model_shown < snap.values.model_nodes,
          `ResNet-18 opens: ${snap.values.model_nodes} nodes (${snap.values.model_shown} shown, weights left out) in ${resnetMs.toFixed(0)} ms (reader loaded, file read, analysed), analysis ${snap.values.model_analyse_ms.toFixed(1)} ms`);
  t.check(same(snap.values.model_input, [1, 3, 224, 224]), `analysed on the model's own input ${JSON.stringify(snap.values.model_input)}`);
  // The deepest node with a field is selected: layer4's output, RF 435 (the central unit).
  const selected = snap.values.model_selected;
  t.check(selected && selected.row[3].startsWith('435x435') && selected.row[4] === '32',
          `the deepest spatial node is selected with its field: ${selected && selected.name} RF ${selected && selected.row[3]}, jump ${selected && selected.row[4]}`);
  t.check(snap.rf_state.includes('rf_panel=model'), 'the Your model panel is on screen');
  await page.screenshot({ path: path.join(artifacts, 'model-resnet18.png') });

  // Weights' Identity copies and shape constants are left out until asked for.
  await click(snap.rects['rf:model_constants']);
  let all = await get();
  t.check(all.values.model_shown === all.values.model_nodes, `Show constant nodes lists all ${all.values.model_nodes}`);
  await click(all.rects['rf:model_constants']);
  snap = await get();

  // 2. The filter and the exports (what is shown is what is copied).
  await click(snap.rects['rf:model_filter']);
  await page.keyboard.type('layer3');
  snap = await get();
  t.check(snap.values.model_shown > 0 && snap.values.model_shown < snap.values.model_nodes,
          `the filter "layer3" keeps ${snap.values.model_shown} of ${snap.values.model_nodes} nodes`);
  await click(snap.rects['rf:model_copy_csv']);
  await page.waitForTimeout(300);
  const csv = (await page.evaluate(() => navigator.clipboard.readText())).trim().split('\n');
  t.check(csv[0].startsWith('node,name,op,shape,dim,rf,rf_min,rf_max,jump') && csv.slice(1).every((l) => l.includes('layer3')) &&
          Number(csv[1].split(',')[0]) > 20,
          `Copy CSV: ${csv.length - 1} lines, all of layer3, numbered by their place in the graph (${csv[1].slice(0, 70)}…)`);
  await click(snap.rects['rf:model_copy_markdown']);
  await page.waitForTimeout(300);
  const markdown = (await page.evaluate(() => navigator.clipboard.readText())).trim().split('\n');
  t.check(markdown[0].startsWith('| node | op | output | receptive field |') && markdown.length === snap.values.model_shown + 2,
          `Copy Markdown: a header and ${markdown.length - 2} rows`);

  // 3. A row selected: its field on the input.
  const rowKey = Object.keys(snap.rects).find((k) => k.startsWith('rf:model_row_') && k.includes('layer3'));
  await click(snap.rects[rowKey], 0.02);
  snap = await get();
  t.check(snap.values.model_selected && snap.values.model_selected.name.includes('layer3') && snap.values.model_selected.central_range,
          `a click on a row selects ${snap.values.model_selected && snap.values.model_selected.name}: central unit reads ${JSON.stringify(snap.values.model_selected && snap.values.model_selected.central_range)}`);
  await page.keyboard.press('Escape');

  // Its effective field: a heat map of how much each input cell weighs, on the real graph.
  await click(snap.rects['rf:model_effective']);
  snap = await get();
  const erf = snap.values.model_effective;
  t.check(erf && erf.unavailable === '' && erf.node === snap.values.model_selected.name && erf.nonzero > 100 &&
          erf.cells === 224 * 224 && snap.values['heat_maps'] >= 1,
          `the effective field of ${erf && erf.node}: ${erf && erf.nonzero} of ${erf && erf.cells} cells reached, drawn as a heat map`);
  await page.screenshot({ path: path.join(artifacts, 'model-effective.png') });
  await click(snap.rects['rf:model_theoretical']);
  snap = await get();

  // 4. Another input size: the model is analysed again.
  // (Ctrl+A pressed while the page is idle, so the chord reaches the app in one batch.)
  await click(snap.rects['rf:model_input_shape'], 0.15);
  await drawnFrames(page);
  await page.keyboard.press('Control+A');
  await drawnFrames(page);
  await page.keyboard.type('1x3x320x224', { delay: 20 });
  let typing = await get();
  await page.screenshot({ path: path.join(artifacts, 'model-typing.png') });
  t.check(same(typing.values.model_input, [1, 3, 224, 224]), 'the model is not analysed again while the size is being typed');
  await page.keyboard.press('Enter');
  snap = await get();
  t.check(same(snap.values.model_input, [1, 3, 320, 224]), `input height 320: analysed on ${JSON.stringify(snap.values.model_input)} ${snap.values.model_error}`);

  // 5. Dropped on the figure: DenseNet-121, several hundred nodes.
  const before = await page.evaluate(() => document.body.dataset.modelOpenMs);
  const drop = (name) => page.evaluate(async (n) => {
    const blob = await (await fetch(`../test-models/${n}`)).blob();
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], n));
    document.querySelector('canvas').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, name);
  await drop('densenet121.onnx');
  const densenetMs = await opened(before);
  snap = await get();
  t.check(snap.values.model_name === 'densenet121.onnx' && snap.values.model_shown >= 300,
          `DenseNet-121 dropped on the figure: ${snap.values.model_nodes} nodes (${snap.values.model_shown} shown) opened in ${densenetMs.toFixed(0)} ms, analysis ${snap.values.model_analyse_ms.toFixed(1)} ms`);
  await page.screenshot({ path: path.join(artifacts, 'model-densenet121.png') });

  // 6. A file that is not a model: a message, and the button still works.
  const before2 = await page.evaluate(() => document.body.dataset.modelOpenMs);
  await drop('notes.onnx');
  await opened(before2);
  snap = await get();
  t.check(/ONNX/.test(snap.values.model_error) && snap.rects['rf:open_model'] !== undefined,
          `a text file gives a message: "${snap.values.model_error.slice(0, 90)}"`);

  // 7. Scripts: analyseModel, and eval's graph op pointing to it.
  const scripted = await page.evaluate(async () => {
    const bytes = new Uint8Array(await (await fetch('../test-models/resnet18.onnx')).arrayBuffer());
    const answer = await window.ConvScope.analyseModel(bytes, { input_shape: [1, 3, 64, 64] });
    return { shape: answer.input.shape, last: answer.nodes[answer.nodes.length - 1].shape,
             eval: window.ConvScope.eval({ op: 'graph', model: 'AAAA' }).error };
  });
  t.check(same(scripted.shape, [1, 3, 64, 64]) && same(scripted.last, [1, 1000]),
          `ConvScope.analyseModel: a 64x64 input gives ${JSON.stringify(scripted.last)} at the end`);
  t.check(scripted.eval.includes('ConvScope.analyseModel'), 'ConvScope.eval\'s graph op points to analyseModel');
  t.check(problems.length === 0, `no page errors (${problems.join('; ')})`);

  // 8. On a phone: the panel in the narrow layout.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const mobile = await phone.newPage();
  await mobile.goto(`${server.url}/${args.subpath}/#view=rf`);
  await mobile.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  await mobile.evaluate(async () => {
    const blob = await (await fetch('../test-models/resnet18.onnx')).blob();
    await window.ConvScope.openModel(new File([blob], 'resnet18.onnx'));
  });
  await drawnFrames(mobile);
  const phoneSnap = await mobile.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
  t.check(phoneSnap.values.model_name === 'resnet18.onnx', 'on a phone, ConvScope.openModel shows the model');
  await mobile.screenshot({ path: path.join(artifacts, 'model-phone.png') });
} finally {
  await browser.close();
  server.stop();
}
t.finish();
