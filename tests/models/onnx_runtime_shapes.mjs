// Runs an ONNX model in ONNX Runtime (onnxruntime-node from npm) on random input and prints
// the shape of every graph output as JSON ({"name": [dims], ...}), for opset18_check.py.
//   usage: node onnx_runtime_shapes.mjs MODEL.onnx INPUT_NAME DIM,DIM,...
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-node');
const [model, inputName, dimsText] = process.argv.slice(2);
const dims = dimsText.split(',').map(Number);
const session = await ort.InferenceSession.create(model);
const values = Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, () => Math.random());
const outputs = await session.run({ [inputName]: new ort.Tensor('float32', values, dims) });
const shapes = {};
for (const [name, tensor] of Object.entries(outputs)) shapes[name] = Array.from(tensor.dims);
console.log(JSON.stringify(shapes));
