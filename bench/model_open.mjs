// How fast the page opens a model: torchvision networks (random weights, exported by
// tests/models/export_models.py) opened in the explorer's Your model panel in headless
// Chromium, each first in a fresh page (the model reader is fetched and compiled then) and
// again in the same page. Prints the file size, the nodes, the time from the call to the
// table on screen, the application's share (the analysis through the reader and the answer
// read back), and the reader's memory after reading (the graph, not the weights).
//   usage: node bench/model_open.mjs [build/web]
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic, launchBrowser } from '../tests/browser/harness.mjs';

const root = path.resolve(process.argv[2] || 'build/web');
const here = path.dirname(fileURLToPath(import.meta.url));
const models = path.join(root, 'test-models');
mkdirSync(models, { recursive: true });
const specs = ['resnet18:13', 'efficientnet_b0:13', 'resnet101:13', 'densenet121:14'];
execFileSync('/usr/bin/python3', [path.join(here, '..', 'tests', 'models', 'export_models.py'), models, ...specs], { stdio: 'inherit' });

const server = await serveStatic(root);
const browser = await launchBrowser();
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
try {
  console.log('model               file MB  nodes  shown  open cold ms  open warm ms  analysis ms  reader memory MB');
  for (const spec of specs) {
    const name = spec.split(':')[0];
    const cold = [], warm = [], analysis = [], phases = [];
    let snap, memory;
    for (let run = 0; run < 3; ++run) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(`${server.url}/dist/#view=rf`);
      await page.waitForFunction(() => document.body.dataset.state === 'ready' && window.ConvScope, null, { timeout: 60000 });
      await page.evaluate(async (n) => { window.benchBlob = await (await fetch(`../test-models/${n}.onnx`)).blob(); }, name);
      for (const times of [cold, warm]) {
        const before = await page.evaluate(() => document.body.dataset.modelOpenMs || '');
        await page.evaluate((n) => window.ConvScope.openModel(new File([window.benchBlob], `${n}.onnx`)), name);
        await page.waitForFunction((b) => (document.body.dataset.modelOpenMs || '') !== b, before);
        times.push(Number(await page.evaluate(() => document.body.dataset.modelOpenMs)));
        phases.push(await page.evaluate(() => {
          const at = (name) => performance.getEntriesByName(name).pop().startTime;
          const start = at('convscope-model-start');
          return { bytes: at('convscope-model-bytes') - start, read: at('convscope-model-read') - at('convscope-model-bytes') };
        }));
        snap = await page.evaluate(() => window.ConvScope.test({ cmd: 'get' }));
        analysis.push(snap.values.model_analyse_ms);
      }
      memory = Number(await page.evaluate(() => document.body.dataset.modelReaderBytes));
      await context.close();
    }
    const megabytes = statSync(path.join(models, `${name}.onnx`)).size / 1e6;
    console.log(`${name.padEnd(18)} ${megabytes.toFixed(1).padStart(8)} ${String(snap.values.model_nodes).padStart(6)} ` +
                `${String(snap.values.model_shown).padStart(6)} ${median(cold).toFixed(0).padStart(13)} ` +
                `${median(warm).toFixed(0).padStart(13)} ${median(analysis).toFixed(0).padStart(12)} ` +
                `${(memory / 1e6).toFixed(1).padStart(17)}` +
                `   (warm: reader and bytes ready ${median(phases.filter((_, i) => i % 2).map((p) => p.bytes)).toFixed(0)} ms, ` +
                `graph read ${median(phases.filter((_, i) => i % 2).map((p) => p.read)).toFixed(0)} ms, then the analysis)`);
  }
  console.log('(median of 3; "cold" includes fetching and compiling the model reader, 433 KB raw)');
} finally {
  await browser.close();
  server.stop();
}
