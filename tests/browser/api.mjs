// The JavaScript API used from outside: web/api-example.html drives an embedded ConvScope
// with setState, getState and eval through convscope-frame.js (postMessage), first from
// the same origin, then with the page and ConvScope on different origins (localhost and
// 127.0.0.1); the iframe's own state confirms every call.
import path from 'node:path';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, drawnFrames } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_api');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();

try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1100 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  const text = (id) => page.$eval(`#${id}`, (e) => e.textContent);
  const press = async (id, out) => {
    await page.$eval(`#${out}`, (e) => { e.textContent = ''; });
    await page.click(`#${id}`);
    await page.waitForFunction((o) => document.getElementById(o).textContent !== '', out, { timeout: 10000 });
    return text(out);
  };

  for (const [label, address] of [
    ['same origin', `${server.url}/${args.subpath}/api-example.html`],
    ['another origin', `${server.url.replace('127.0.0.1', 'localhost')}/${args.subpath}/api-example.html?convscope=${encodeURIComponent(`${server.url}/${args.subpath}/index.html`)}`],
  ]) {
    await page.goto(address);
    await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 60000 });
    const frameElement = await page.$('#convscope');
    const frame = await frameElement.contentFrame();
    t.check(new URL(frame.url()).origin !== new URL(page.url()).origin || label === 'same origin', `${label}: page ${new URL(page.url()).origin}, ConvScope ${new URL(frame.url()).origin}`);

    t.check((await press('stride2', 'state-out')) === 'notes: []', `${label}: setState('S=2&P=1') answers with no notes`);
    await drawnFrames(frame);
    const shown = await frame.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
    t.check(JSON.stringify(shown.values.output_size) === '[3,3]', `${label}: the embedded playground now shows a 3×3 output (${shown.values.output_size})`);
    const state = await press('read', 'state-out');
    t.check(state.includes('S=2') && state.includes('P=1') && state.includes('I=5'), `${label}: getState() reads it back (${state.slice(0, 50)})`);

    await page.fill('#input-size', '224');
    const shape = JSON.parse(await press('shape', 'shape-out'));
    t.check(JSON.stringify(shape.output) === '[112,112]', `${label}: eval shape of 224 → ${JSON.stringify(shape.output)}`);
    await page.fill('#input-size', '0');
    const refused = JSON.parse(await press('shape', 'shape-out'));
    t.check(typeof refused.error === 'string' && refused.error.length > 10, `${label}: an input of 0 comes back as an error ("${refused.error}")`);

    await page.fill('#answer', '111');
    const wrong = await press('check', 'check-out');
    t.check(wrong.startsWith('Not 111.'), `${label}: the core refuses 111 ("${wrong}")`);
    await page.fill('#answer', '112x112');
    const right = await press('check', 'check-out');
    t.check(right === 'Right: 112 × 112.', `${label}: and accepts 112x112 ("${right}")`);
    await press('reset', 'state-out');
    await page.screenshot({ path: path.join(artifacts, `api-example-${label.replace(' ', '-')}.png`), fullPage: true });
  }
  t.check(problems.length === 0, `no page errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
} finally {
  await browser.close();
  server.stop();
}
t.finish();
