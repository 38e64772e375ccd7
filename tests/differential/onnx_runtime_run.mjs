// Runs ONNX models in ONNX Runtime (onnxruntime-node from npm) for code_export_check.py:
// reads a JSON list of {"model": path, "x": [flat float32 values], "shape": [...]} and
// writes, for each, {"y": [flat values], "shape": [...]} or {"error": message}.
//   usage: node onnx_runtime_run.mjs CASES.json RESULTS.json
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');
const [casesPath, resultsPath] = process.argv.slice(2);
const cases = JSON.parse(readFileSync(casesPath, 'utf8'));
const results = [];
for (const c of cases) {
  try {
    const session = await ort.InferenceSession.create(c.model);
    const x = new ort.Tensor('float32', Float32Array.from(c.x), c.shape);
    const out = await session.run({ x });
    const y = out.y;
    results.push({ y: Array.from(y.data, (v) => (Number.isFinite(v) ? v : String(v))), shape: Array.from(y.dims) });
  } catch (error) {
    results.push({ error: String(error.message || error).slice(0, 400) });
  }
}
writeFileSync(resultsPath, JSON.stringify(results));
