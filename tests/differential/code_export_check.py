#!/usr/bin/python3
"""The code export against real PyTorch (and ONNX shape inference when onnx is installed).

Run with Debian's interpreter (python3-torch 1.13, python3-onnx 1.12):
    /usr/bin/python3 code_export_check.py [--count N] [--seed S] [--work DIR] CONVSCOPE_COMMAND...

For N random layers (1D/2D/3D; conv, conv_transpose, max_pool, avg_pool; every padding
form, same rule and padding mode; dilation, groups, output_padding, ceil_mode,
count_include_pad, bias; fixed seed) it asks `convscope eval` for {"op":"code"} and
{"op":"shape"}, then:
  - runs the PyTorch snippet and checks the printed output shape against the core's shape
    and the snippet's own comment;
  - runs the core's {"op":"conv"} on the snippet's input and the snippet's own weights and
    compares the values with the snippet's output (every layer type, not only conv);
  - runs the ONNX snippet (model check and shape inference) and compares its inferred
    output shape (skipped, and counted, for circular padding: Pad mode 'wrap' needs opset
    19, newer than onnx 1.12), then runs the model in ONNX Runtime (onnxruntime-node from
    npm, tests/differential/onnx_runtime_run.mjs) and compares its values with the core's
    conv op on the model's own weights;
  - checks that the Keras snippet's comment states the core's shape (TensorFlow is not in
    Debian; the Keras code is covered by the Catch2 known answers).
Layers the core refuses must be refused by the code op too. The last line is
`code_export: N passed, M failed`; the exit status is 1 when anything failed.
"""

import argparse
import collections
import contextlib
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import warnings

try:
    import numpy as np
    import torch
    import torch.nn as nn
except ImportError as exc:  # pragma: no cover
    sys.stderr.write("code_export_check.py needs numpy and torch; run it with /usr/bin/python3 "
                     "(Debian python3-torch): %s\n" % exc)
    sys.exit(2)
try:
    import onnx  # noqa: F401  (the snippets import it themselves)
    HAVE_ONNX = True
except ImportError:
    HAVE_ONNX = False

warnings.filterwarnings("ignore")
torch.set_num_threads(1)

LAYER_TYPES = ("conv", "conv_transpose", "max_pool", "avg_pool")
RESAMPLE_TYPES = ("upsample_nearest", "upsample_linear", "pixel_shuffle", "pixel_unshuffle")
SAME_RULES = ("pytorch", "tensorflow", "onnx_upper", "onnx_lower")
MODES = ("zeros", "reflect", "replicate", "circular")


# --------------------------------------------------------------------------------------
# Random layers
# --------------------------------------------------------------------------------------

def _vec(rng, nd, lo, hi):
    return [rng.randint(lo, hi) for _ in range(nd)]


def _emit(rng, v):
    """A list, or a scalar when every dimension agrees (the API accepts both)."""
    return v[0] if len(set(v)) == 1 and rng.random() < 0.5 else list(v)


def gen_layer(seed, i):
    rng = random.Random("convscope-code-export:%d:%d" % (seed, i))
    nd = rng.choice([1, 1, 2, 2, 2, 3])
    ltype = rng.choices(LAYER_TYPES, [0.36, 0.26, 0.2, 0.18])[0]
    smax = {1: 12, 2: 9, 3: 6}[nd]
    kmax = 4 if nd < 3 else 3
    sizes = [rng.randint(1, smax) for _ in range(nd)]
    kernel = _vec(rng, nd, 1, kmax)
    pool = ltype in ("max_pool", "avg_pool")
    stride = [1] * nd if rng.random() < 0.45 else _vec(rng, nd, 1, 3)
    forms = ["none", "int", "list", "pairs", "same", "same", "valid", "full"]
    if pool:
        forms = ["none", "int", "list", "pairs", "pairs", "same", "same", "valid"]
    form = rng.choice(forms)
    if ltype == "conv_transpose" and form == "same" and rng.random() < 0.5:
        # A kernel shorter than the stride: the same rules then extend the output past the
        # full one (cells holding only the bias).
        stride = _vec(rng, nd, 2, 3)
        kernel = _vec(rng, nd, 1, 2)
    layer = {"type": ltype, "kernel": _emit(rng, kernel)}
    if pool and rng.random() < 0.35:
        stride = None  # the default: the kernel
    if stride is not None and (stride != [1] * nd or rng.random() < 0.2):
        layer["stride"] = _emit(rng, stride)
    dilation = [1] * nd
    if ltype != "avg_pool" and rng.random() < 0.3:
        dilation = _vec(rng, nd, 1, 3)
        layer["dilation"] = _emit(rng, dilation)
    cap = [k // 2 if pool else (k - 1 if ltype == "conv_transpose" else 3) for k in kernel]
    if form == "int":
        layer["padding"] = rng.randint(0, min(cap))
    elif form == "list":
        layer["padding"] = [rng.randint(0, c) for c in cap]
    elif form == "pairs":
        layer["padding"] = [[rng.randint(0, c), rng.randint(0, c)] for c in cap]
    elif form in ("same", "valid", "full"):
        layer["padding"] = form
    if form == "same":
        rule = rng.choices(SAME_RULES, [0.25, 0.25, 0.25, 0.25])[0]
        if rule == "pytorch" and ltype == "conv" and rng.random() < 0.8:
            layer.pop("stride", None)  # stride 1, so PyTorch's rule applies
        if rule != "pytorch" or rng.random() < 0.7:
            layer["same_rule"] = rule
    if ltype == "conv":
        mode = rng.choices(MODES, [0.5, 0.17, 0.17, 0.16])[0]
        if mode != "zeros" or rng.random() < 0.1:
            layer["padding_mode"] = mode
    if ltype == "conv_transpose" and rng.random() < 0.5:
        st = stride or [1] * nd
        layer["output_padding"] = [rng.randint(0, max(s, d) - 1) for s, d in zip(st, dilation)]
    if pool:
        if rng.random() < 0.6:
            layer["ceil_mode"] = True
        if ltype == "avg_pool" and rng.random() < 0.5:
            layer["count_include_pad"] = False
        channels = rng.randint(1, 3)
        if rng.random() < 0.5:
            layer["in_channels"] = channels
    else:
        g = rng.choice([1, 1, 1, 2, 3])
        if g != 1:
            layer["groups"] = g
        if rng.random() < 0.6:
            layer["in_channels"] = g * rng.randint(1, 2)
            layer["out_channels"] = g * rng.randint(1, 2)
        if rng.random() < 0.2:
            layer["bias"] = False
    return {"input": sizes, "layer": layer}


def gen_resample(seed, i):
    """Upsampling (nearest, linear; align_corners both ways; by a factor or to a size) and
    pixel (un)shuffle: one in
    five of --count, after the layers above, so that those stay as they were."""
    rng = random.Random("convscope-code-export-resample:%d:%d" % (seed, i))
    ltype = rng.choice(RESAMPLE_TYPES)
    shuffle = ltype in ("pixel_shuffle", "pixel_unshuffle")
    nd = 2 if shuffle else rng.choice([1, 2, 2, 3])
    factor = [rng.randint(1, 3) for _ in range(nd)]
    if shuffle or rng.random() < 0.5:
        factor = [factor[0]] * nd
    sizes = [rng.randint(1, 6 if nd < 3 else 4) for _ in range(nd)]
    if ltype == "pixel_unshuffle":
        sizes = [s * factor[0] for s in sizes]
    layer = {"type": ltype, "scale_factor" if not shuffle else
             ("upscale_factor" if ltype == "pixel_shuffle" else "downscale_factor"): factor}
    if not shuffle and rng.random() < 0.3:
        # To an output size (nn.Upsample(size=...), ONNX Resize with sizes), rarely a multiple.
        del layer["scale_factor"]
        layer["size"] = [rng.randint(1, 13) for _ in range(nd)]
    if ltype == "upsample_linear":
        layer["align_corners"] = rng.random() < 0.5
    if rng.random() < 0.5:
        r2 = factor[0] * factor[0]
        layer["in_channels"] = r2 * rng.randint(1, 2) if ltype == "pixel_shuffle" else rng.randint(1, 3)
    return {"input": sizes, "layer": layer}


# What the snippets do beyond one plain layer, counted so a run shows it exercised them.
FEATURES = [
    ("padding='same'", [("pytorch", "padding='same'")]),
    ("zero pad layer", [("pytorch", "nn.ZeroPad2d("), ("pytorch", ", 0.0),")]),
    ("F.pad mode", [("pytorch", ", mode='")]),
    ("upsampling to a size", [("pytorch", "nn.Upsample(size="), ("onnx", "'sizes'")]),
    ("transposed crop", [("pytorch", "    y = y[")]),
    ("transposed bias fill", [("pytorch", "F.pad(y")]),
    ("-inf pad", [("pytorch", "float('-inf')")]),
    ("count over ones", [("pytorch", "ones_like")]),
    ("ceil slice", [("pytorch", "))[:"), ("pytorch", "(pad(x))[")]),
    ("onnx auto_pad", [("onnx", "auto_pad=")]),
    ("onnx Pad", [("onnx", "'Pad'")]),
    ("onnx Slice", [("onnx", "'Slice'")]),
    ("onnx bias Add", [("onnx", "'Add'")]),
]


# --------------------------------------------------------------------------------------
# Talking to convscope eval
# --------------------------------------------------------------------------------------

def ask(cli, requests):
    text = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in requests)
    done = subprocess.run(cli + ["eval"], input=text.encode(), stdout=subprocess.PIPE, check=True)
    lines = done.stdout.decode().splitlines()
    if len(lines) != len(requests):
        raise RuntimeError("convscope eval answered %d of %d requests" % (len(lines), len(requests)))
    return [json.loads(line) for line in lines]


def run_snippet(code):
    namespace = {"__name__": "convscope_snippet"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<snippet>", "exec"), namespace)  # noqa: S102 - generated test code
    return namespace, out.getvalue()


def comment_of(code, marker="print("):
    """The '# ...' comment on the snippet's print line."""
    for line in code.splitlines():
        if line.startswith(marker) and "#" in line:
            return line.split("#", 1)[1].strip()
    return None


def conv_modules(namespace):
    found = []
    for value in list(namespace.values()):
        if isinstance(value, nn.Module):
            for m in value.modules():
                if isinstance(m, nn.modules.conv._ConvNd) and m not in found:
                    found.append(m)
        elif isinstance(value, list):
            found += [v for v in value if isinstance(v, nn.modules.conv._ConvNd) and v not in found]
    return found


def to_array(nested):
    """Response values: numbers, or the strings "-inf", "inf" and "nan" (docs/api.md: JSON has
    no infinity; an empty max window is "-inf"). null is not an encoding the API uses."""
    def fix(v):
        if isinstance(v, list):
            return [fix(e) for e in v]
        if isinstance(v, str) and v in ("-inf", "inf", "nan"):
            return float(v)
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ValueError("response value %r is neither a number nor -inf/inf/nan" % (v,))
        return v
    return np.array(fix(nested), dtype=np.float64)


# --------------------------------------------------------------------------------------
# The check
# --------------------------------------------------------------------------------------

def check(cli, count, seed, rtol, atol, verbose=False):
    t0 = time.time()
    cases = [gen_layer(seed, i) for i in range(count)]
    cases += [gen_resample(seed, i) for i in range(count // 5)]
    count = len(cases)
    requests = []
    for i, c in enumerate(cases):
        requests.append({"op": "shape", "id": i, "input": c["input"], "layer": c["layer"]})
        requests.append({"op": "code", "id": i, "input": c["input"], "layer": c["layer"]})
    answers = ask(cli, requests)

    failures = []
    stats = collections.Counter()
    per_type = collections.Counter()
    conv_requests, conv_refs = [], []
    features = collections.Counter()

    def fail(i, what):
        failures.append("FAIL case %d %s: %s" % (i, json.dumps(cases[i], separators=(",", ":")), what))

    # ONNX Runtime: each exported model is saved with a random input; the core's conv op on
    # the model's own weights gives the values ONNX Runtime must reproduce.
    ort_work = tempfile.mkdtemp(prefix="convscope-ort-")
    ort_cases, ort_requests, ort_refs = [], [], []

    def onnx_case(i, c, ns_onnx, snippet):
        from onnx import numpy_helper
        path = os.path.join(ort_work, "case%d.onnx" % i)
        onnx.save(ns_onnx["model"], path)
        shape = [d.dim_value for d in ns_onnx["model"].graph.input[0].type.tensor_type.shape.dim]
        x = np.random.default_rng(i).standard_normal(shape).astype(np.float32)
        weights = {t.name: numpy_helper.to_array(t) for t in ns_onnx["model"].graph.initializer}
        req = {"op": "conv", "id": i, "layer": c["layer"], "x": x.tolist()}
        if c["layer"]["type"] in ("conv", "conv_transpose"):
            req["w"] = weights["w"].tolist()
            if "b" in weights:
                req["b"] = weights["b"].reshape(-1).tolist()
        ort_cases.append({"model": path, "x": x.reshape(-1).tolist(), "shape": shape})
        ort_requests.append(req)
        ort_refs.append((i, snippet))

    for i, c in enumerate(cases):
        shape, code = answers[2 * i], answers[2 * i + 1]
        if "error" in shape:
            stats["refused by the core"] += 1
            if "error" not in code:
                fail(i, "the core refuses the layer (%s) but the code op answered" % shape["error"])
            continue
        if "error" in code:
            fail(i, "the code op refused a layer the core accepts: %s" % code["error"])
            continue
        per_type[c["layer"]["type"]] += 1
        for name, marker in FEATURES:
            if any(m in code[fw] for fw, m in marker):
                features[name] += 1
        nd = len(c["input"])
        cin, cout = code["channels"]
        want = [1, cout] + shape["output"]
        if code["output"] != shape["output"]:
            fail(i, "code output %s != shape output %s" % (code["output"], shape["output"]))
            continue
        # Keras: the comment states the core's shape, channels last.
        keras_want = "(%s)" % ", ".join(str(v) for v in [1] + shape["output"] + [cout])
        if comment_of(code["keras"]) != keras_want:
            fail(i, "keras comment %r != %s" % (comment_of(code["keras"]), keras_want))
        # PyTorch: run it.
        try:
            torch.manual_seed(i)
            ns, printed = run_snippet(code["pytorch"])
        except Exception as e:  # noqa: BLE001 - any failure of the snippet is a finding
            fail(i, "the PyTorch snippet raised %s: %s\n%s" % (type(e).__name__, e, code["pytorch"]))
            continue
        y = ns["y"].detach()
        stats["pytorch snippets run"] += 1
        if list(y.shape) != want:
            fail(i, "PyTorch output %s != core %s\n%s" % (list(y.shape), want, code["pytorch"]))
            continue
        if printed.strip() != comment_of(code["pytorch"]):
            fail(i, "printed %r but the comment says %r" % (printed.strip(), comment_of(code["pytorch"])))
        stats["pytorch shapes matched"] += 1
        # Values: the core's numeric layer on the snippet's input and weights.
        req = {"op": "conv", "id": i, "layer": c["layer"], "x": ns["x"].tolist()}
        if c["layer"]["type"] in ("conv", "conv_transpose"):
            mods = conv_modules(ns)
            if len(mods) != 1:
                fail(i, "expected one convolution module in the snippet, found %d" % len(mods))
                continue
            req["w"] = mods[0].weight.detach().tolist()
            if mods[0].bias is not None:
                req["b"] = mods[0].bias.detach().tolist()
        conv_requests.append(req)
        conv_refs.append((i, y.numpy().astype(np.float64), code["pytorch"]))
        # ONNX: model check and shape inference.
        if not HAVE_ONNX:
            stats["onnx checks skipped (onnx not installed)"] += 1
        elif "opset_imports=[helper.make_opsetid('', 19)]" in code["onnx"]:
            stats["onnx checks skipped (opset 19 'wrap')"] += 1
        else:
            try:
                ns_onnx, printed = run_snippet(code["onnx"])
                dims = [d.dim_value for d in ns_onnx["inferred"].graph.output[0].type.tensor_type.shape.dim]
            except Exception as e:  # noqa: BLE001
                fail(i, "the ONNX snippet raised %s: %s\n%s" % (type(e).__name__, str(e)[:300], code["onnx"]))
                continue
            if dims != want:
                fail(i, "ONNX inferred %s != core %s\n%s" % (dims, want, code["onnx"]))
            elif printed.strip() != comment_of(code["onnx"]):
                fail(i, "ONNX printed %r but the comment says %r" % (printed.strip(), comment_of(code["onnx"])))
            else:
                stats["onnx shapes matched"] += 1
                onnx_case(i, c, ns_onnx, code["onnx"])

    for req, resp, (i, ref, snippet) in zip(conv_requests, ask(cli, conv_requests) if conv_requests else [], conv_refs):
        if "error" in resp:
            fail(i, "the core's conv op refused the snippet's tensors: %s" % resp["error"])
            continue
        got = to_array(resp["y"])
        if got.shape != ref.shape:
            fail(i, "core values have shape %s, PyTorch %s" % (got.shape, ref.shape))
            continue
        finite = np.isfinite(ref)
        if not np.array_equal(finite, np.isfinite(got)) or not np.array_equal(ref[~finite], got[~finite], equal_nan=True):
            fail(i, "non-finite values differ (empty max windows)\n%s" % snippet)
            continue
        diff = np.abs(got[finite] - ref[finite])
        bad = diff > atol + rtol * np.abs(ref[finite])
        if bad.any():
            fail(i, "%d of %d values differ, max |diff| %.3g\n%s" % (int(bad.sum()), ref.size, diff.max(), snippet))
            continue
        stats["pytorch values matched"] += 1

    if ort_cases:
        runner = os.path.join(os.path.dirname(os.path.abspath(__file__)), "onnx_runtime_run.mjs")
        cases_path, results_path = os.path.join(ort_work, "cases.json"), os.path.join(ort_work, "results.json")
        with open(cases_path, "w") as f:
            json.dump(ort_cases, f)
        subprocess.run(["node", runner, cases_path, results_path], check=True)
        with open(results_path) as f:
            ort_results = json.load(f)
        for req, core, ort, (i, snippet) in zip(ort_requests, ask(cli, ort_requests), ort_results, ort_refs):
            if "error" in ort:
                fail(i, "ONNX Runtime refused the exported model: %s\n%s" % (ort["error"], snippet))
                continue
            if "error" in core:
                fail(i, "the core's conv op refused the ONNX model's tensors: %s" % core["error"])
                continue
            want = to_array(core["y"])
            got = np.array([float(v) for v in ort["y"]]).reshape(ort["shape"])
            if got.shape != want.shape:
                fail(i, "ONNX Runtime output %s, core %s\n%s" % (list(got.shape), list(want.shape), snippet))
                continue
            finite = np.isfinite(want)
            if not np.array_equal(finite, np.isfinite(got)):
                fail(i, "ONNX Runtime and the core disagree on non-finite values\n%s" % snippet)
                continue
            diff = np.abs(got[finite] - want[finite])
            if (diff > atol + rtol * np.abs(want[finite])).any():
                fail(i, "ONNX Runtime values differ from the core's, max |diff| %.3g\n%s" % (diff.max(), snippet))
                continue
            stats["onnx runtime values matched"] += 1

    for f in failures:
        print(f)
    accepted = count - stats["refused by the core"]
    print("layers: %d generated, %d refused by the core (and by the code op), %d exported (%s)"
          % (count, stats["refused by the core"], accepted,
             ", ".join("%s %d" % (t, per_type[t]) for t in LAYER_TYPES + RESAMPLE_TYPES)))
    for key in ("pytorch shapes matched", "pytorch values matched", "onnx shapes matched",
                "onnx runtime values matched",
                "onnx checks skipped (opset 19 'wrap')", "onnx checks skipped (onnx not installed)"):
        if stats[key] or key.startswith(("pytorch", "onnx shapes", "onnx runtime")):
            print("  %s: %d" % (key, stats[key]))
    print("  constructions exercised: " + ", ".join("%s %d" % (n, features[n]) for n, _ in FEATURES))
    print("  %.1f s" % (time.time() - t0))
    failed = len(failures)
    print("code_export: %d passed, %d failed" % (count - failed, failed))
    return 1 if failed else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--atol", type=float, default=1e-4)
    ap.add_argument("cli", nargs=argparse.REMAINDER, help="the convscope command")
    a = ap.parse_args(argv)
    if not a.cli:
        ap.error("give the convscope command, e.g. build/native/src/cli/convscope")
    return check(a.cli, a.count, a.seed, a.rtol, a.atol)


if __name__ == "__main__":
    sys.exit(main())
