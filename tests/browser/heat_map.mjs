// Large grids as heat maps drawn by the shaders of shaders/: at device pixel ratio 1 and 2,
// a 32x32 ramp input must be drawn by the GPU renderer, and the pixels at the centres of
// cells with known values must have the colour map's colour for those values (this fails
// if the shader is missing, does not compile, or maps values differently from ColourMap).
// Padding cells must be veiled, the number must appear on hover, and a 5x5 input must be
// back to numbers. Screenshots of each go to artifacts/.
import path from 'node:path';
import { parseArgs, serveStatic, launchBrowser, ensureDir, makeChecker } from './harness.mjs';

const args = parseArgs(process.argv.slice(2));
const artifacts = ensureDir(path.resolve(args.artifacts || 'artifacts/browser'));
const t = makeChecker('browser_heat_map');
const server = await serveStatic(path.resolve(args.root));
const browser = await launchBrowser();

// The ramp as src/app/widgets/heat_map.h defines it (kColourStops), evenly spaced over 0..1.
const STOPS = [[0.267, 0.005, 0.329], [0.230, 0.322, 0.546], [0.128, 0.567, 0.551],
               [0.369, 0.789, 0.383], [0.993, 0.906, 0.144]];
function colourMap(t) {
  const x = Math.min(Math.max(Number.isFinite(t) ? t : 0, 0), 1) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  return [0, 1, 2].map((c) => Math.round((STOPS[i][c] + (STOPS[i + 1][c] - STOPS[i][c]) * f) * 255));
}
const TOLERANCE = 4;  // per channel, out of 255: rounding and the GPU's float precision
const near = (a, b, tol = TOLERANCE) => a.every((v, c) => Math.abs(v - b[c]) <= tol);
const rgb = (p) => `rgb(${p.join(',')})`;

// RGB of a PNG screenshot at device pixels (x, y), decoded in the page.
async function pixelsAt(page, png, points) {
  return page.evaluate(async ({ b64, points }) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return points.map(([x, y]) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3)));
  }, { b64: png.toString('base64'), points });
}

// The ramp input (values 1..1024, row-major) with nothing highlighted near the sampled cells.
const LARGE = 'dims=2&type=conv&I=32x32&K=3&S=1&P=0&D=1&mode=zeros&input=ramp&step=0&panel=steps';
const rampValue = (r, c) => r * 32 + c + 1;
// Cells away from step 0's taps (rows and columns 0..2), spread over the whole ramp.
const SAMPLES = [[0, 31], [10, 20], [16, 0], [24, 12], [31, 31]];

try {
  for (const scale of [1, 2]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: scale });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /shader|heat map/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${server.url}/${args.subpath}/`);
    await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
    const hook = (command) => page.evaluate((c) => window.ConvScope.test(c), command);
    // Waits until the probe shows what `ready` asks for (the page draws a few frames after
    // each command), then returns the probe.
    const probeWhen = async (ready) => {
      const deadline = Date.now() + 5000;
      let probe;
      do {
        await page.waitForTimeout(100);
        probe = await hook({ cmd: 'get' });
      } while (!ready(probe.values, probe.rects) && Date.now() < deadline);
      return probe;
    };
    await page.mouse.move(5, 795);

    // A 32x32 ramp: heat maps, all drawn by the GPU renderer.
    await hook({ cmd: 'set', query: LARGE });
    let probe = await probeWhen((pv) => pv.heat_maps > 0 && (pv['heat_map:input0'] || {}).rows === 32);
    let v = probe.values;
    t.check(v.heat_maps >= 2, `dpr ${scale}: a 32x32 input draws heat maps (${v.heat_maps} this frame)`);
    t.check(v.heat_maps_by_renderer === v.heat_maps,
            `dpr ${scale}: every heat map is drawn by the shader, none fell back to rectangles (${v.heat_maps_by_renderer} of ${v.heat_maps})`);
    const range = v['heat_map:input0'] || {};
    t.check(range.rows === 32 && range.cols === 32 && range.lo === 1 && range.hi === 1024,
            `dpr ${scale}: the input heat map is 32x32 over 1..1024 (${JSON.stringify(range)})`);
    const inp = probe.rects['grid:input'];
    t.check(inp && inp.cell < 22, `dpr ${scale}: input cells are ${inp && inp.cell.toFixed(1)} px, too small for numbers`);

    const shot = await page.screenshot({ path: path.join(artifacts, `heat-map-dpr${scale}.png`) });
    const centreOf = ([r, c]) => [Math.floor((inp.x + (c + 0.5) * inp.cell) * scale),
                                  Math.floor((inp.y + (r + 0.5) * inp.cell) * scale)];
    const seen = await pixelsAt(page, shot, SAMPLES.map(centreOf));
    SAMPLES.forEach(([r, c], i) => {
      const value = rampValue(r, c);
      const want = colourMap((value - range.lo) / (range.hi - range.lo));
      t.check(near(seen[i], want), `dpr ${scale}: cell (${r}, ${c}) = ${value} is ${rgb(seen[i])}, the colour map gives ${rgb(want)}`);
    });
    const spread = Math.max(...[0, 1, 2].map((c) => Math.abs(seen[2][c] - seen[4][c])));
    t.check(spread > 60, `dpr ${scale}: cells 513 and 1024 differ in colour (by ${spread} in one channel)`);

    // Numbers on hover: the tooltip of the cell under the real mouse.
    const [hr, hc] = [20, 5];
    await page.mouse.move(inp.x + (hc + 0.5) * inp.cell, inp.y + (hr + 0.5) * inp.cell);
    v = (await probeWhen((pv) => pv.tooltip === String(rampValue(hr, hc)))).values;
    t.check(v.tooltip === String(rampValue(hr, hc)), `dpr ${scale}: hovering cell (${hr}, ${hc}) shows its number (${v.tooltip})`);
    await page.screenshot({ path: path.join(artifacts, `heat-map-hover-dpr${scale}.png`) });
    await page.mouse.move(5, 795);

    // Padding 2: border cells are the colour map's colour for their value (0, below the
    // range: the ramp's start) at 45% over the window's background.
    await hook({ cmd: 'set', query: `${LARGE}&P=2` });
    probe = await probeWhen((pv) => (pv['heat_map:input0'] || {}).rows === 36);
    v = probe.values;
    const padded = probe.rects['grid:input'];
    const paddedRange = v['heat_map:input0'] || {};
    t.check(paddedRange.rows === 36, `dpr ${scale}: with P=2 the input grid shows 36x36 cells (${paddedRange.rows})`);
    const padShot = await page.screenshot({ path: path.join(artifacts, `heat-map-padded-dpr${scale}.png`) });
    // A quarter into the cell, away from the diagonal stroke; the background just right of
    // the input grid, level with its bottom row (the kernel grid is short).
    const quarter = (r, c) => [Math.floor((padded.x + (c + 0.25) * padded.cell) * scale),
                               Math.floor((padded.y + (r + 0.25) * padded.cell) * scale)];
    const [padPixel, innerPixel, background] = await pixelsAt(page, padShot, [
      quarter(0, 17), quarter(18, 18),
      [Math.floor((padded.x + padded.w + padded.cell * 0.5) * scale), Math.floor((padded.y + padded.h - padded.cell * 0.5) * scale)]]);
    const start = colourMap(0);
    const veiled = [0, 1, 2].map((c) => Math.round(0.45 * start[c] + 0.55 * background[c]));
    t.check(near(padPixel, veiled, 6), `dpr ${scale}: a padding cell is ${rgb(padPixel)}, the ramp's start veiled by the background ${rgb(background)} gives ${rgb(veiled)}`);
    const innerValue = rampValue(16, 16);
    const innerWant = colourMap((innerValue - paddedRange.lo) / (paddedRange.hi - paddedRange.lo));
    t.check(near(innerPixel, innerWant), `dpr ${scale}: inside the padding, cell (16, 16) = ${innerValue} is ${rgb(innerPixel)} (${rgb(innerWant)})`);

    // Clipping: in a short window the grids scroll under the parameter tabs. The shader must
    // stop at the draw command's clip rectangle (in framebuffer pixels at this ratio): rows
    // above it keep the page's own pixels, rows below it have their colours.
    await page.setViewportSize({ width: 1000, height: 420 });
    await hook({ cmd: 'set', query: LARGE });
    await probeWhen((pv) => (pv['heat_map:input0'] || {}).rows === 32);
    // Scrolled a little at a time until a few rows (not the whole grid) are above the clip.
    const rowsAbove = (pv, rects) => (((pv['heat_map:input0'] || {}).clip || [0, 0])[1] - rects['grid:input'].y) / rects['grid:input'].cell;
    for (let i = 0; i < 20; ++i) {
      await page.mouse.move(500, 300);
      await page.mouse.wheel(0, 20);
      await page.waitForTimeout(150);
      await page.mouse.move(995, 415);
      probe = await probeWhen((pv, rects) => rowsAbove(pv, rects) > 0);
      if (rowsAbove(probe.values, probe.rects) >= 3) break;
    }
    const scrolled = probe.rects['grid:input'];
    const clip = (probe.values['heat_map:input0'] || {}).clip || [0, 0, 0, 0];
    const hidden = Math.floor((clip[1] - scrolled.y) / scrolled.cell);  // whole rows above the clip
    t.check(hidden >= 2, `dpr ${scale}: scrolled, the input grid's top ${hidden} rows are above its clip rectangle (grid y ${scrolled.y}, clip y ${clip[1]})`);
    if (hidden >= 2) {
      const clipShot = await page.screenshot({ path: path.join(artifacts, `heat-map-clipped-dpr${scale}.png`) });
      const column = 20;
      const at = (r) => [Math.floor((scrolled.x + (column + 0.5) * scrolled.cell) * scale),
                         Math.floor((scrolled.y + (r + 0.5) * scrolled.cell) * scale)];
      const rowAbove = hidden - 1, rowBelow = hidden + 1;
      const [above, below] = await pixelsAt(page, clipShot, [at(rowAbove), at(rowBelow)]);
      const colourOf = (r) => colourMap((rampValue(r, column) - range.lo) / (range.hi - range.lo));
      t.check(!near(above, colourOf(rowAbove), 12), `dpr ${scale}: row ${rowAbove}, above the clip, is not drawn (${rgb(above)}, its colour would be ${rgb(colourOf(rowAbove))})`);
      t.check(near(below, colourOf(rowBelow)), `dpr ${scale}: row ${rowBelow}, below the clip, is drawn (${rgb(below)}, ${rgb(colourOf(rowBelow))})`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });

    // A 5x5 input: numbers again, no heat map at all.
    await hook({ cmd: 'set', query: 'dims=2&type=conv&I=5x5&K=3&S=1&P=0&D=1&input=ramp&step=0' });
    v = (await probeWhen((pv) => pv.heat_maps === 0)).values;
    t.check(v.heat_maps === 0 && v.heat_maps_by_renderer === 0, `dpr ${scale}: a 5x5 input shows numbers, no heat maps (${v.heat_maps})`);
    await page.screenshot({ path: path.join(artifacts, `heat-map-small-dpr${scale}.png`) });

    t.check(problems.length === 0, `dpr ${scale}: no console errors or shader messages${problems.length ? ': ' + problems.join(' | ') : ''}`);
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
t.finish();
