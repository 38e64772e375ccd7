"""Opset 18 models: the reader and the analysis against ONNX Runtime.

torch 1.13 exports up to opset 17 and Debian's onnx (1.12) infers shapes up to opset 17, so
verify_models.py cannot reach opset 18. Here a graph is written at opset 18 with onnx.helper,
using the forms that opset changed: Pad's axes input, Split's num_outputs attribute (parts of
ceil(n / parts), the last one smaller), Resize's axes attribute with sizes for those axes only,
and ReduceMean's axes input; around them Conv, MaxPool (ceil_mode), AveragePool,
ConvTranspose (output_padding), Concat, Mul, GlobalAveragePool, Flatten and Gemm. ONNX
Runtime (onnxruntime-node from npm, tests/models/onnx_runtime_shapes.mjs) runs it with every
node's output exposed, and each node's shape from `convscope graph --json` must equal the one
ONNX Runtime computes. A second model reads the same graph at a symbolic input size.

usage: /usr/bin/python3 opset18_check.py CONVSCOPE_CLI WORK_DIR
"""
import json
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message)
    if not condition:
        failures.append(message)


def weights(name, shape, rng):
    return helper.make_tensor(name, TensorProto.FLOAT, shape, rng.standard_normal(shape).astype(np.float32).ravel())


def ints(name, values):
    return helper.make_tensor(name, TensorProto.INT64, [len(values)], values)


def opset18_model(input_dims):
    rng = np.random.default_rng(18)
    n = helper.make_node
    nodes = [
        n("Conv", ["x", "w1"], ["conv"], name="conv", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
        # Opset 18: pads for the axes listed in the fourth input only (begins, then ends).
        n("Pad", ["conv", "pads", "", "pad_axes"], ["pad"], name="pad", mode="reflect"),
        # Opset 18: 8 channels in 3 parts of ceil(8 / 3) = 3, the last one 2.
        n("Split", ["pad"], ["part0", "part1", "part2"], name="split", axis=1, num_outputs=3),
        n("Relu", ["part0"], ["relu0"], name="relu0"),
        n("Relu", ["part1"], ["relu1"], name="relu1"),
        n("Relu", ["part2"], ["relu2"], name="relu2"),
        n("Concat", ["relu0", "relu2"], ["concat"], name="concat", axis=1),
        n("MaxPool", ["concat"], ["maxpool"], name="maxpool", kernel_shape=[3, 3], strides=[2, 2], ceil_mode=1),
        # Opset 18: sizes for the axes named by the axes attribute.
        n("Resize", ["maxpool", "", "", "sizes"], ["resize"], name="resize", mode="nearest", axes=[2, 3]),
        # Opset 18: ReduceMean takes its axes as an input.
        n("ReduceMean", ["resize", "reduce_axes"], ["mean"], name="mean", keepdims=1),
        n("Mul", ["resize", "mean"], ["gated"], name="gated"),
        n("AveragePool", ["gated"], ["avgpool"], name="avgpool", kernel_shape=[2, 2], strides=[2, 2]),
        n("ConvTranspose", ["avgpool", "w2"], ["up"], name="up", kernel_shape=[3, 3], strides=[2, 2],
          pads=[1, 1, 1, 1], output_padding=[1, 1]),
        n("GlobalAveragePool", ["up"], ["gap"], name="gap"),
        n("Flatten", ["gap"], ["flat"], name="flat"),
        n("Gemm", ["flat", "w3"], ["logits"], name="logits"),
    ]
    initializers = [weights("w1", [8, 3, 3, 3], rng), ints("pads", [1, 2, 3, 0]), ints("pad_axes", [2, 3]),
                    ints("sizes", [12, 9]), ints("reduce_axes", [1]), weights("w2", [5, 4, 3, 3], rng),
                    weights("w3", [4, 10], rng)]
    # Every node's output is a graph output, so that ONNX Runtime gives all their shapes.
    outputs = [helper.make_tensor_value_info(o, TensorProto.FLOAT, None) for node in nodes for o in node.output]
    graph = helper.make_graph(nodes, "opset18", [helper.make_tensor_value_info("x", TensorProto.FLOAT, input_dims)],
                              outputs, initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], producer_name="opset18_check")


def convscope_graph(cli, path, extra):
    answer = subprocess.run([cli, "graph", path, "--json"] + extra, capture_output=True, text=True)
    check(answer.returncode == 0, f"convscope graph {os.path.basename(path)} {' '.join(extra)} answers "
                                  f"({answer.stderr.strip()[:200]})")
    return json.loads(answer.stdout) if answer.returncode == 0 else {"nodes": []}


def runtime_shapes(path, dims):
    runner = os.path.join(os.path.dirname(os.path.abspath(__file__)), "onnx_runtime_shapes.mjs")
    answer = subprocess.run(["node", runner, path, "x", ",".join(map(str, dims))], capture_output=True, text=True)
    check(answer.returncode == 0, f"ONNX Runtime runs {os.path.basename(path)} ({answer.stderr.strip()[:300]})")
    return json.loads(answer.stdout) if answer.returncode == 0 else {}


def compare(name, answer, runtime, model):
    first_output = {node.name: node.output[0] for node in model.graph.node}
    by_name = {node["name"]: node for node in answer["nodes"]}
    for node in model.graph.node:
        got = by_name.get(node.name)
        want = runtime.get(first_output[node.name])
        check(got is not None and want is not None and got["shape"] == want,
              f"{name}: {node.name} ({node.op_type}) {got and got['shape']}, ONNX Runtime {want}")
        check(got is not None and not any(f.startswith("unsupported") for f in got["flags"]),
              f"{name}: {node.name} ({node.op_type}) is understood")
    # Split's other parts: their shapes reach the Relu nodes that read them.
    check(by_name["relu1"]["shape"] == runtime["part1"] == [1, 3, 13, 12] and
          by_name["relu2"]["shape"] == runtime["part2"] == [1, 2, 13, 12],
          f"{name}: Split's parts have 3, 3 and 2 channels ({runtime.get('part1')}, {runtime.get('part2')})")


def main():
    cli, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    dims = [1, 3, 17, 20]
    fixed = os.path.join(work, "opset18.onnx")
    model = opset18_model(dims)
    onnx.save(model, fixed)
    runtime = runtime_shapes(fixed, dims)
    answer = convscope_graph(cli, fixed, [])
    check(answer.get("input", {}).get("shape") == dims, f"opset 18: analysed on {answer.get('input')}")
    compare("opset 18", answer, runtime, model)
    # The analysis goes on past the convolution: the stride-2 3x3 gives RF 3, jump 2.
    conv = next((n for n in answer["nodes"] if n["name"] == "conv"), {})
    check(conv.get("rf") == [3, 3] and conv.get("jump") == [2, 2], f"opset 18: conv rf {conv.get('rf')}, jump {conv.get('jump')}")

    symbolic = os.path.join(work, "opset18_symbolic.onnx")
    model = opset18_model([1, 3, "height", "width"])
    onnx.save(model, symbolic)
    answer = convscope_graph(cli, symbolic, ["--symbol", "height=17", "--symbol", "width=20"])
    compare("opset 18, symbolic input 17x20", answer, runtime, model)

    print(f"opset18_check: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
