// What a course page and its readers take out of ConvScope: the JavaScript API
// (getState/setState beside eval), the view saved as PNG at the canvas's device resolution,
// and the formula copied as text and as LaTeX.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, drawnFrames } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_export');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();

try {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 }, deviceScaleFactor: 2, acceptDownloads: true,
                                             permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${server.url}/${args.subpath}/`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const get = async () => { await drawnFrames(page); return page.evaluate(() => window.ConvScope.test({ cmd: 'get' })); };
  const click = async (rect) => page.mouse.click(rect.x + rect.w / 2, rect.y + rect.h / 2);

  // The JavaScript API: setState applies, getState reads back, bad keys come back as notes.
  const notes = await page.evaluate(() => window.ConvScope.setState('#I=7&K=3&S=2&P=1&D=1&nonsense=3'));
  let snap = await get();
  t.check(JSON.stringify(snap.values.output_size) === '[4,4]', `setState sets the playground (${snap.values.output_size})`);
  t.check(notes.length === 1 && notes[0].includes('nonsense'), `setState returns a note for an unknown key (${notes})`);
  const state = await page.evaluate(() => window.ConvScope.getState());
  t.check(state.startsWith('view=playground&I=7&K=3&S=2&P=1&D=1'), `getState returns the link text (${state.slice(0, 50)}…)`);
  const shape = await page.evaluate(() => window.ConvScope.eval({ op: 'shape', input: [7, 7], layer: { kernel: 3, stride: 2, padding: 1 } }));
  t.check(JSON.stringify(shape.output) === '[4,4]', 'eval answers beside them');

  // Copy the formula as text and as LaTeX.
  await click(snap.rects['control:copy_formula']);
  await page.waitForTimeout(200);
  const text = await page.evaluate(() => navigator.clipboard.readText());
  t.check(text.includes('⌊(7 + 2·1 − 3)/2⌋ + 1'), `copy formula gives the text (${text.split('\n')[1]})`);
  await click(snap.rects['control:copy_latex']);
  await page.waitForTimeout(200);
  const latex = await page.evaluate(() => navigator.clipboard.readText());
  t.check(latex.includes('\\left\\lfloor \\frac{7 + 2\\cdot 1 - 3}{2} \\right\\rfloor + 1 = 4'), `copy LaTeX gives LaTeX (${latex.split('\n')[1]})`);

  // Share → Save image (PNG): a download of the canvas at device resolution (DPR 2).
  await click(snap.rects['menu:share']);
  snap = await get();
  const downloadPromise = page.waitForEvent('download', { timeout: 15000 });
  await click(snap.rects['menu:save_png']);
  const download = await downloadPromise;
  const file = path.join(artifacts, download.suggestedFilename());
  await download.saveAs(file);
  const png = readFileSync(file);
  const isPng = png.subarray(1, 4).toString('latin1') === 'PNG';
  const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
  const canvas = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
  t.check(isPng && width === canvas[0] && height === canvas[1], `the PNG is ${width}x${height}, the canvas ${canvas[0]}x${canvas[1]} (${download.suggestedFilename()})`);
  const decoded = await page.evaluate(async (b64) => {
    const img = new Image(); img.src = 'data:image/png;base64,' + b64; await img.decode();
    const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return { w: img.width, colours: seen.size };
  }, png.toString('base64'));
  t.check(decoded.w === width && decoded.colours > 20, `it decodes to the drawn view (${decoded.colours} colours), not a blank buffer`);
  snap = await get();
  t.check(snap.rects['menu:save_png'] === undefined, 'the menu was closed in the saved frame');
  t.check(problems.length === 0, `no page errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
  await context.close();
} finally {
  await browser.close();
  server.stop();
}
t.finish();
