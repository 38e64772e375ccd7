// The embed examples page as a course page uses it: every iframe loads, draws its widget
// without the menu and tabs, names the right state; the idle page's main-thread work with
// six copies of ConvScope running is printed.
import path from 'node:path';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, distinctColours, drawnFrames,
         mainThreadClock, busyPerSecond } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_embed');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();

try {
  const page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${server.url}/${args.subpath}/embed-examples.html`);
  const expected = {
    playground: (s) => JSON.stringify(s.values.output_values) === '[35,40,45,60,65,70,85,90,95]',
    padding: (s) => s.state.includes('mode=reflect') && JSON.stringify(s.values.output_size) === '[7,7]',
    dilation: (s) => s.values.dilation_taps === 9,
    transposed: (s) => s.values.transposed_equal === true,
    rf: (s) => JSON.stringify(s.values.rf_headline.rf) === '[7,7]',
    growth: (s) => s.values.rf_growth && s.values.rf_growth[s.values.rf_growth.length - 1] === 1024,
  };
  for (const [id, check] of Object.entries(expected)) {
    const element = await page.$(`#${id}`);
    await element.scrollIntoViewIfNeeded();
    const frame = await element.contentFrame();
    await frame.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
    await drawnFrames(frame);
    const snap = await frame.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
    t.check(snap.values.embed === true && snap.rects['menu:share'] === undefined, `#${id}: embedded without the menu bar`);
    let ok = false;
    try { ok = check(snap); } catch (e) { ok = false; }
    t.check(ok, `#${id}: shows its state (${snap.state.slice(0, 50)} | ${snap.rf_state.slice(0, 40)})`);
    const shot = await element.screenshot({ path: path.join(artifacts, `embed-${id}.png`) });
    t.check((await distinctColours(page, shot)).colours > 15, `#${id}: the iframe is drawn`);
  }
  // Locked controls stay fixed: the padding figure locks I and K.
  const padding = await (await page.$('#padding')).contentFrame();
  const notes = await padding.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
  t.check(notes.values.locked && notes.values.locked.includes('I') && notes.values.locked.includes('K'), `lock=I,K,type,dims is applied (${JSON.stringify(notes.values.locked)})`);
  await page.screenshot({ path: path.join(artifacts, 'embed-page.png'), fullPage: true });

  // Idle: six instances, nothing moves. Main-thread work per second of the whole page.
  const clock = await mainThreadClock(page);
  await page.waitForTimeout(1500);
  const perSecond = await busyPerSecond(page, clock, 3);
  // A figure, not a check: tests do not assert on time.
  console.log(`idle page with six embeds: ${perSecond.toFixed(1)} ms of main-thread work per second`);
  t.check(problems.length === 0, `no page errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
} finally {
  await browser.close();
  server.stop();
}
t.finish();
