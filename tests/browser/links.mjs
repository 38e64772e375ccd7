// Links reproduce a state in the real page: a fragment on load sets the playground and the
// explorer, the address follows every change without adding history entries (at most four
// writes a second during a drag, and the final state once it settles), a fragment
// typed by hand applies at once, malformed parameters give visible notes (never a blank
// page), and Share → Copy link puts the full address on the clipboard.
import path from 'node:path';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, drawnFrames } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_links');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();
const base = `${server.url}/${args.subpath}/`;

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  const ready = () => page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const get = async () => { await drawnFrames(page); return page.evaluate(() => window.ConvScope.test({ cmd: 'get' })); };
  // The address is written at most every 250 ms: wait for it to hold every part.
  const addressHolds = (...parts) => page.waitForFunction((p) => p.every((part) => location.hash.includes(part)), parts, { timeout: 5000 })
    .then(() => true, () => false);

  // A link opens the state it names.
  await page.goto(`${base}#view=playground&I=7&K=3&S=2&P=1&D=1&mode=reflect&panel=solver`);
  await ready();
  let snap = await get();
  t.check(snap.state.startsWith('I=7&K=3&S=2&P=1&D=1&mode=reflect'), `the fragment sets the playground (${snap.state})`);
  t.check(JSON.stringify(snap.values.output_size) === '[4,4]', `and the output is (7+2−3)/2+1 = 4 (${snap.values.output_size})`);
  await page.screenshot({ path: path.join(artifacts, 'links-opened.png') });

  // The address follows changes, replacing (not adding) history entries.
  const historyBefore = await page.evaluate(() => history.length);
  await page.evaluate(() => window.ConvScope.test({ cmd: 'set', query: 'S=1&D=2' }));
  await get();
  await addressHolds('S=1', 'D=2');
  const hash = await page.evaluate(() => location.hash);
  t.check(hash.includes('S=1') && hash.includes('D=2') && hash.includes('view=playground'), `the address follows the state (${hash.slice(0, 60)}…)`);
  t.check(await page.evaluate(() => history.length) === historyBefore, 'without adding history entries');

  // Reloading that address restores the same state, explorer included.
  await page.evaluate(() => window.ConvScope.test({ cmd: 'set', query: 'view=rf&rf_in=32&stack=c3p1;c3p1;m2;c3p1;c3p1&layer=5&unit=2x3' }));
  snap = await get();
  const before = { state: snap.state, rf: snap.rf_state };
  await addressHolds('stack=c3p1;c3p1;m2;c3p1;c3p1', 'unit=2x3');
  const address = await page.evaluate(() => location.href);
  await page.goto('about:blank');
  await page.goto(address);
  await ready();
  snap = await get();
  t.check(snap.state === before.state && snap.rf_state === before.rf, `reloading the address restores both places (${snap.rf_state})`);
  t.check(snap.values.place === 'receptive_field', 'and the explorer is the place shown');
  t.check(JSON.stringify(snap.values.rf_headline.rf) === '[14,14]', `the chapter's quick check: RF 14 (${JSON.stringify(snap.values.rf_headline.rf)})`);

  // A drag changes the state every frame; the address is written a few times a second, not
  // each frame, and holds the final state once the drag ends.
  await page.evaluate(() => {
    window.addressWrites = 0;
    const replace = history.replaceState.bind(history);
    history.replaceState = (...a) => { window.addressWrites += 1; return replace(...a); };
  });
  const dragStart = Date.now();
  for (let input = 8; input <= 40; ++input) {
    await page.evaluate((i) => window.ConvScope.test({ cmd: 'set', query: `view=playground&I=${i}` }), input);
    await drawnFrames(page, 1);
  }
  const dragMs = Date.now() - dragStart;
  const settled = await addressHolds('I=40&');
  const writes = await page.evaluate(() => window.addressWrites);
  t.check(settled, 'after the drag the address holds its final state (I=40)');
  t.check(writes <= Math.ceil(dragMs / 250) + 2 && writes < 33,
          `33 changes in ${dragMs} ms wrote the address ${writes} times (at most one per 250 ms, plus the final one)`);

  // A fragment typed by hand applies at once; bad values give notes and the page stays drawn.
  await page.evaluate(() => { location.hash = '#view=playground&I=9&K=5&S=zero&mode=mirror&bogus=1'; });
  snap = await get();
  t.check(snap.state.startsWith('I=9&K=5&S=1'), `a hand-typed fragment applies (${snap.state.slice(0, 30)})`);
  t.check(snap.values.notes && snap.values.notes.length === 3, `its three bad parameters are listed as notes (${JSON.stringify(snap.values.notes)})`);
  await page.screenshot({ path: path.join(artifacts, 'links-malformed.png') });

  // Share → Copy link: the menu through real clicks.
  const menu = snap.rects['menu:share'];
  await page.mouse.click(menu.x + menu.w / 2, menu.y + menu.h / 2);
  await drawnFrames(page);
  snap = await get();
  const item = snap.rects['menu:copy_link'];
  t.check(item !== undefined, 'the Share menu opens with Copy link');
  if (item) {
    await page.mouse.click(item.x + item.w / 2, item.y + item.h / 2);
    await page.waitForTimeout(300);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const now = await page.evaluate(() => location.href);
    t.check(copied === now, `Copy link copies the page's address with its state (${copied.slice(0, 70)}…)`);
  }
  t.check(problems.length === 0, `no page errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
  await context.close();
} finally {
  await browser.close();
  server.stop();
}
t.finish();
