// What a screen reader gets: the page's accessibility tree holds ConvScope's controls with
// their roles, names and states (the hidden HTML mirror the app fills after each frame);
// with the keyboard alone the stride is reached, raised, and the new output size read from
// the tree and from the status line; a press and a slider change made through the mirror
// operate the app; axe-core finds no violation on the playground, the explorer, an embedded
// figure and an exercise card, in both themes. Prints the tree's nodes by role.
import path from 'node:path';
import { createRequire } from 'node:module';
import { parseArgs, serveStatic, launchBrowser, makeChecker, drawnFrames } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const t = makeChecker('browser_accessibility');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function open(fragment, viewport = { width: 1280, height: 800 }) {
  const page = await browser.newPage({ viewport });
  await page.goto(`${server.url}/${args.subpath}/index.html#${fragment}`);
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
  await drawnFrames(page);
  return page;
}

// The accessibility tree as Chromium gives it to screen readers.
async function tree(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => !n.ignored).map((n) => {
    const property = (name) => (n.properties || []).find((p) => p.name === name)?.value?.value;
    return { role: n.role?.value, name: n.name?.value || '', value: n.value?.value,
             checked: property('checked'), selected: property('selected'), focused: property('focused'),
             min: property('valuemin'), max: property('valuemax') };
  });
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
// The tree's text as a screen reader reads it (runs of spaces read as one).
const squeeze = (text) => text.replace(/\s+/g, ' ').trim();
const textsOf = (nodes) => nodes.filter((n) => n.role === 'StaticText').map((n) => squeeze(n.name));
const byRole = (nodes) => nodes.reduce((counts, n) => ({ ...counts, [n.role]: (counts[n.role] || 0) + 1 }), {});
const find = (nodes, role, name) => nodes.find((n) => n.role === role && n.name === name);

async function axe(page, label) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const found = result.violations.map((v) => `${v.id} (${v.nodes.length}: ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')})`);
  t.check(found.length === 0, `axe-core: ${label}: no violations${found.length ? ': ' + found.join('; ') : ''}`);
}

try {
  const page = await open('I=5&K=3&S=1&P=0');
  let nodes = await tree(page);
  console.log(`playground tree: ${JSON.stringify(byRole(nodes))}`);
  const stride = find(nodes, 'slider', 'stride S');
  t.check(stride && Number(stride.value) === 1 && stride.min === 1 && stride.max > 1, `the stride is a slider named "stride S" with value 1 and its range (${JSON.stringify(stride)})`);
  const type = find(nodes, 'combobox', 'type');
  t.check(type && type.value === 'convolution', `the layer type is a combo box showing "convolution" (${JSON.stringify(type)})`);
  t.check(find(nodes, 'checkbox', 'same for every dimension')?.checked === 'true', 'the "same for every dimension" box is a checked checkbox');
  t.check(find(nodes, 'radio', '2D')?.checked === 'true' && find(nodes, 'radio', '3D')?.checked === 'false', '1D/2D/3D are radio buttons, 2D checked');
  t.check(find(nodes, 'tab', 'Parameter playground')?.selected === true && find(nodes, 'tab', 'Step through') !== undefined, 'places and panels are tabs, the playground selected');
  t.check(find(nodes, 'menuitem', 'Help') !== undefined, 'the menus are menu items');

  // Keyboard only: Tab to the stride, Right; the tree and the status line say the new size.
  let focusName = '';
  for (let i = 0; i < 60 && focusName !== 'stride S'; i++) {
    await page.keyboard.press('Tab');
    await drawnFrames(page);
    focusName = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  }
  t.check(focusName === 'stride S', `the page's focus follows the keyboard to the stride slider (${focusName})`);
  await page.keyboard.press('ArrowRight');
  await drawnFrames(page);
  await page.waitForTimeout(1000);  // the status line waits for the result to settle
  nodes = await tree(page);
  const status = await page.evaluate(() => document.getElementById('announce').textContent);
  t.check(Number(find(nodes, 'slider', 'stride S')?.value) === 2 && status === 'Output size 2×2.',
          `after Right the tree's stride is ${find(nodes, 'slider', 'stride S')?.value} and the status line says "${status}"`);
  await axe(page, 'playground, dark');

  // The results as text, in the tree: the formula with its numbers, the output size, the
  // output's values as a table and the current step's sum.
  let snap = await page.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
  const texts = textsOf(nodes);
  t.check(snap.values.formula.every((line) => texts.includes(squeeze(line))),
          `the formula's lines are paragraphs of the tree (${snap.values.formula.join(' | ')})`);
  t.check(texts.includes('Output 2×2') && texts.includes(`output (0, 0): ${snap.values.sum}`),
          `the output size and the current step's sum are text of the tree ("Output 2×2", "output (0, 0): ${snap.values.sum}")`);
  const table = find(nodes, 'table', 'Output values');
  const cells = nodes.filter((n) => n.role === 'cell' && n.name !== '').map((n) => Number(n.name));
  t.check(table && same(cells, snap.values.output_values.slice(0, 4)),
          `the output's values are a table in the tree (${JSON.stringify(cells)} = ${JSON.stringify(snap.values.output_values.slice(0, 4))})`);
  // Combo boxes carry their options; choosing one in the mirror chooses it in the app.
  const typeOptions = await page.evaluate(() => [...document.querySelector('#mirror select[aria-label="type"]').options].map((o) => o.text));
  t.check(typeOptions.includes('convolution') && typeOptions.length >= 4 && nodes.filter((n) => n.role === 'option').length >= typeOptions.length,
          `the layer type's combo box lists its ${typeOptions.length} options (${typeOptions.join(', ')})`);
  const pooling = typeOptions.findIndex((o) => /max pool/i.test(o));
  await page.evaluate((index) => {
    const select = document.querySelector('#mirror select[aria-label="type"]');
    select.selectedIndex = index;
    select.dispatchEvent(new Event('change', { bubbles: true }));
  }, pooling);
  await drawnFrames(page);
  await drawnFrames(page);
  nodes = await tree(page);
  snap = await page.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
  t.check(pooling >= 0 && find(nodes, 'combobox', 'type')?.value === typeOptions[pooling] && /pool/.test(snap.state),
          `choosing "${typeOptions[pooling]}" in the mirror's combo box changes the layer (${snap.state})`);
  await page.evaluate(() => window.ConvScope.test({ cmd: 'set', query: 'type=conv' }));

  // Operated through the mirror, as a screen reader does: a press and a slider's new value.
  await page.evaluate(() => document.querySelector('#mirror [aria-label="S=2, P=1"]').click());
  await drawnFrames(page);
  await drawnFrames(page);
  let state = await page.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
  t.check(/(^|&)S=2(&|$)/.test(state.state) && /(^|&)P=1(&|$)/.test(state.state), `a click on the mirror's "S=2, P=1" applies it (${state.state})`);
  await page.evaluate(() => {
    const slider = document.querySelector('#mirror input[aria-label="kernel K"]');
    slider.value = '5';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await drawnFrames(page);
  await drawnFrames(page);
  state = await page.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
  t.check(/(^|&)K=5(&|$)/.test(state.state), `setting the mirror's "kernel K" slider to 5 sets K=5 (${state.state})`);

  // An open dialog hides what lies behind it: the help's headings and Close button are in
  // the tree, the playground's controls are not.
  await page.keyboard.press('?');
  await drawnFrames(page);
  await drawnFrames(page);
  nodes = await tree(page);
  t.check(find(nodes, 'heading', 'The two places') && find(nodes, 'button', 'Close') && !find(nodes, 'slider', 'stride S'),
          'with the help dialog open the tree holds its headings and Close button, and not the stride slider behind it');
  await page.keyboard.press('Escape');
  await drawnFrames(page);
  await drawnFrames(page);
  nodes = await tree(page);
  t.check(find(nodes, 'slider', 'stride S') !== undefined, 'Escape closes it and the stride slider is back in the tree');
  await page.close();

  // An exercise card: the question and the answer box are in the tree; an answer typed into
  // the mirror's box and sent with Enter is checked, and the feedback is read out.
  const card = await open('card=qc-stride');
  nodes = await tree(card);
  let values = (await card.evaluate(() => window.ConvScope.test({ cmd: 'get' }))).values;
  const question = textsOf(nodes).find((text) => text.length > 40);
  const box = nodes.find((n) => n.role === 'textbox');
  t.check(find(nodes, 'heading', nodes.find((n) => n.role === 'heading')?.name) && question && box,
          `the card's heading, question and answer box are in the tree ("${question}", box "${box?.name}")`);
  await card.evaluate(() => document.querySelector('#mirror input[type="text"]').focus());
  await card.keyboard.type('999');
  await card.keyboard.press('Enter');
  await drawnFrames(card);
  await card.waitForTimeout(1000);
  values = (await card.evaluate(() => window.ConvScope.test({ cmd: 'get' }))).values;
  const result = values.exercise.results[0];
  const said = await card.evaluate(() => document.getElementById('announce').textContent);
  nodes = await tree(card);
  t.check(result.typed === '999' && result.checked && !result.correct && said === result.message &&
          textsOf(nodes).includes(result.message),
          `"999" typed into the mirror's answer box is checked: the status line and the tree say "${said}"`);
  await card.close();

  // The explorer: the headline and the table as text; a number box set through the mirror.
  const explorer = await open('view=rf&rf_panel=table');
  nodes = await tree(explorer);
  values = (await explorer.evaluate(() => window.ConvScope.test({ cmd: 'get' }))).values;
  const headline = textsOf(nodes).find((text) => text.startsWith('Input ') && text.includes('Receptive field'));
  const rfTable = find(nodes, 'table', 'Receptive fields, layer by layer');
  const rowHeaders = nodes.filter((n) => n.role === 'rowheader').length;
  t.check(headline && /Receptive field 7×7/.test(headline) && rfTable && rowHeaders === values.rf_table.length,
          `the explorer's headline ("${headline}") and its table (${rowHeaders} rows) are in the tree`);
  const numbers = await explorer.evaluate(() => [...document.querySelectorAll('#mirror input[type="number"]')].map((el) => el.getAttribute('aria-label')));
  await explorer.evaluate(() => {
    const field = document.querySelector('#mirror input[type="number"]');
    field.value = '9';
    field.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await drawnFrames(explorer);
  await drawnFrames(explorer);
  const rfState = (await explorer.evaluate(() => window.ConvScope.test({ cmd: 'get' }))).rf_state;
  t.check(numbers[0] === 'input size' && /(^|&)rf_in=9x9(&|$)/.test(rfState),
          `the number box "${numbers[0]}" set to 9 through the mirror (${rfState})`);
  await explorer.close();

  // The other views, in both themes.
  for (const [label, fragment, viewport] of [
    ['playground, light', 'theme=light'],
    ['explorer, dark', 'view=rf'],
    ['explorer, light', 'view=rf&theme=light'],
    ['embedded figure, light', 'embed=1&panel=steps&theme=light', { width: 720, height: 480 }],
    ['embedded figure, dark', 'embed=1&panel=steps&theme=dark', { width: 720, height: 480 }],
    ['channels panel, light', 'panel=channels&I=5&K=3&P=1&Cin=3&dm=2&theme=light'],
    ['exercise card, dark', 'card=qc-stride'],
    ['exercise card, light', 'card=qc-stride&theme=light'],
  ]) {
    const view = await open(fragment, viewport);
    nodes = await tree(view);
    console.log(`${label} tree: ${JSON.stringify(byRole(nodes))}`);
    await axe(view, label);
    await view.close();
  }
} finally {
  await browser.close();
  server.stop();
}
t.finish();
