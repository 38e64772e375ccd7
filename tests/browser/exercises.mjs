// Exercise cards in the page: a chapter card opened by its link sets its widget up, an
// answer typed into the canvas and checked with Enter or the Check button is refused when
// wrong and accepted when right, the hint and the worked answer open on request, an
// author's card written as JSON in the link works the same way, a malformed one is refused
// with a note, and the course page of the chapter's cards loads every card it lists.
import path from 'node:path';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker, drawnFrames, distinctColours,
         mainThreadClock, busyPerSecond } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_exercises');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();
const base = `${server.url}/${args.subpath}`;

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  const ready = (p) => p.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  const get = async (p = page) => { await drawnFrames(p); return p.evaluate(() => window.ConvScope.test({ cmd: 'get' })); };
  const click = (r) => page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  const answerWith = async (index, text, how) => {
    let snap = await get();
    await click(snap.rects[`exercise_answer_${index}`]);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(text, { delay: 20 });
    if (how === 'enter') {
      await page.keyboard.press('Enter');
    } else {
      snap = await get();
      await click(snap.rects[`exercise_check_${index}`]);
    }
    snap = await get();
    return snap.values.exercise.results[index];
  };

  // A chapter card by its link: its question and its widget's state.
  await page.goto(`${base}/#card=qc-stride`);
  await ready(page);
  let snap = await get();
  t.check(snap.values.exercise && snap.values.exercise.id === 'qc-stride', `card=qc-stride opens the card (${snap.values.exercise && snap.values.exercise.id})`);
  t.check(snap.state.includes('I=224') && snap.state.includes('S=1') && snap.values.place === 'playground',
          `the card sets the playground up (${snap.state.slice(0, 60)})`);

  // Wrong, then right, typed into the canvas.
  let result = await answerWith(0, '113', 'enter');
  t.check(result.checked && !result.correct && result.message.startsWith('Not 113.') && !result.message.includes('112'),
          `113 + Enter is refused without giving the answer away ("${result.message}")`);
  result = await answerWith(0, '224', 'button');
  t.check(!result.correct && result.message.includes('stride 2 moves the kernel two cells'), `224 gets the card's feedback for that mistake ("${result.message}")`);
  await page.screenshot({ path: path.join(artifacts, 'exercise-wrong.png') });
  result = await answerWith(0, '112x112', 'button');
  t.check(result.correct && result.message === 'Right: 112 × 112.', `112x112 + Check is accepted ("${result.message}")`);

  snap = await get();
  await click(snap.rects.exercise_hint);
  await click((await get()).rects.exercise_worked);
  snap = await get();
  t.check(snap.values.exercise.hint_shown && snap.values.exercise.worked_shown && snap.values.exercise.worked.includes('= 112 × 112'),
          `hint and worked answer open ("${snap.values.exercise.worked.slice(0, 50)}…")`);
  await page.screenshot({ path: path.join(artifacts, 'exercise-right.png') });
  const link = await page.evaluate(() => window.ConvScope.getState());
  t.check(link.includes('card=qc-stride'), `the link names the open card (${link.slice(-40)})`);

  // A receptive-field card with two answer boxes.
  await page.evaluate(() => window.ConvScope.setState('card=ex-stacked-3x3'));
  snap = await get();
  t.check(snap.values.place === 'receptive_field' && snap.rf_state.includes('stack=c3'), `ex-stacked-3x3 opens the explorer (${snap.rf_state.slice(0, 50)})`);
  result = await answerWith(0, '5x5', 'enter');
  const second = await answerWith(1, '18', 'enter');
  t.check(result.correct && !second.correct && second.message.includes('how many fewer'), `5x5 right, 18 refused ("${second.message}")`);

  // An author's card as JSON in the link.
  const own = {
    id: 'own-card', title: 'Valid 5x5', question: 'A 5×5 kernel slides over a 32×32 input without padding. Output size?',
    state: 'view=playground&I=32&K=5&P=0', hint: 'I − K + 1.', worked: 'O = 32 − 5 + 1 = {0}.',
    answers: [{ prompt: 'Output', value: { request: { op: 'shape', input: [32, 32], layer: { kernel: 5 } }, pick: '/output' } }],
  };
  await page.goto(`${base}/#card=${encodeURIComponent(JSON.stringify(own))}`);
  await page.reload();
  await ready(page);
  snap = await get();
  t.check(snap.values.exercise && snap.values.exercise.id === 'own-card' && snap.state.includes('K=5'), `a card written as JSON in the link opens (${snap.values.exercise && snap.values.exercise.id})`);
  result = await answerWith(0, '28', 'enter');
  t.check(result.correct, `its answer is computed by the core: 28 ("${result.message}")`);
  await page.screenshot({ path: path.join(artifacts, 'exercise-own-card.png') });

  // A malformed card: a note, and the page still works.
  const notes = await page.evaluate(() => window.ConvScope.setState('card=%7B%22id%22%3A%22x%22%7D'));
  t.check(notes.some((n) => n.includes('needs "question"')), `a card without a question is refused with a note (${notes.join(' | ').slice(0, 80)})`);
  const unknown = await page.evaluate(() => window.ConvScope.setState('card=no-such-card'));
  t.check(unknown.some((n) => n.includes("no such card") && n.includes('qc-stride')), `an unknown card id lists the chapter's cards`);

  // The course page with the chapter's cards.
  const course = await browser.newPage({ viewport: { width: 900, height: 900 } });
  course.on('pageerror', (e) => problems.push(String(e)));
  await course.goto(`${base}/exercises.html`);
  await course.waitForFunction(() => document.body.dataset.cards, null, { timeout: 30000 });
  const ids = await course.$$eval('iframe', (frames) => frames.map((f) => f.id));
  t.check(ids.length === 9, `exercises.html lists the chapter's 9 cards (${ids.length})`);
  for (const id of [ids[0], ids[3], ids[8]]) {
    const element = await course.$(`#${id}`);
    await element.scrollIntoViewIfNeeded();
    const frame = await element.contentFrame();
    await ready(frame);
    const s = await get(frame);
    t.check(s.values.embed === true && s.values.exercise && `card-${s.values.exercise.id}` === id, `${id}: embedded card drawn`);
    const shot = await element.screenshot({ path: path.join(artifacts, `exercises-${id}.png`) });
    t.check((await distinctColours(course, shot)).colours > 15, `${id}: the iframe is drawn`);
  }
  // Idle cost of the course page with the cards it has loaded (a figure, not a check).
  const clock = await mainThreadClock(course);
  await course.waitForTimeout(1500);
  const perSecond = await busyPerSecond(course, clock, 3);
  const loaded = await course.$$eval('iframe', (frames) => frames.filter((f) => f.contentWindow && f.contentWindow.ConvScope).length);
  console.log(`idle exercises page with ${loaded} loaded cards: ${perSecond.toFixed(1)} ms of main-thread work per second`);
  await course.screenshot({ path: path.join(artifacts, 'exercises-page.png') });
  t.check(problems.length === 0, `no page errors${problems.length ? ': ' + problems.join(' | ') : ''}`);
} finally {
  await browser.close();
  server.stop();
}
t.finish();
