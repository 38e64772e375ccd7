#!/usr/bin/python3
"""ConvScope's graph analysis against real models: torchvision networks (random weights, no
downloads), a U-Net with skip connections and a dilated causal 1-D stack are exported to ONNX
with torch.onnx.export, and `convscope graph --json` must agree with

  * ONNX's own shape inference on every node's output shape, and
  * an independent ground truth on the receptive field of each stage's output (along the
    first spatial axis; the networks are the same along both): the extent of
    the nonzero gradient of a central output unit with respect to the input, in a copy of the
    network with positive weights, identity activations and max pooling replaced by average
    pooling over the same windows (so that no path's contribution can cancel or vanish).

usage: verify_models.py CONVSCOPE [WORK_FOLDER]   (run with Debian's /usr/bin/python3)
"""
import copy
import json
import os
import subprocess
import sys
import tempfile
import warnings

import onnx
import onnx.shape_inference
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

warnings.filterwarnings("ignore")
torch.manual_seed(0)
torch.set_num_threads(os.cpu_count() or 1)

CONVSCOPE = sys.argv[1]
WORK = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="convscope-models-")
os.makedirs(WORK, exist_ok=True)
failures = []
checks = 0


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        failures.append(message)
        print("FAIL", message)


# ---- models ------------------------------------------------------------------------------

class UNet(nn.Module):
    """A two-level U-Net with 'same' convolutions, a transposed up-sampler and concatenated skips."""

    def __init__(self):
        super().__init__()
        def block(i, o):
            return nn.Sequential(nn.Conv2d(i, o, 3, padding=1), nn.ReLU(), nn.Conv2d(o, o, 3, padding=1), nn.ReLU())
        self.down1, self.down2, self.bottom = block(1, 8), block(8, 16), block(16, 32)
        self.pool = nn.MaxPool2d(2)
        self.up2 = nn.ConvTranspose2d(32, 16, 2, stride=2)
        self.dec2 = block(32, 16)
        self.up1 = nn.Upsample(scale_factor=2, mode="nearest")
        self.reduce1 = nn.Conv2d(16, 8, 1)
        self.dec1 = block(16, 8)
        self.head = nn.Conv2d(8, 2, 1)

    def forward(self, x):
        d1 = self.down1(x)
        d2 = self.down2(self.pool(d1))
        b = self.bottom(self.pool(d2))
        u2 = self.dec2(torch.cat([self.up2(b), d2], 1))
        u1 = self.dec1(torch.cat([self.reduce1(self.up1(u2)), d1], 1))
        return self.head(u1)


class CausalStack(nn.Module):
    """WaveNet-like dilated causal 1-D convolutions: left padding by F.pad, dilations 1..8."""

    def __init__(self):
        super().__init__()
        self.convs = nn.ModuleList(nn.Conv1d(4 if i else 1, 4, 2, dilation=2 ** i) for i in range(4))

    def forward(self, x):
        for conv in self.convs:
            x = F.relu(conv(F.pad(x, (conv.dilation[0], 0))))
        return x


def tv(name, **kwargs):
    return getattr(torchvision.models, name)(weights=None, **kwargs)


def stages_resnet(m):
    return [("layer1", nn.Sequential(m.conv1, m.bn1, m.relu, m.maxpool, m.layer1)),
            ("layer2", nn.Sequential(m.conv1, m.bn1, m.relu, m.maxpool, m.layer1, m.layer2)),
            ("layer3", nn.Sequential(m.conv1, m.bn1, m.relu, m.maxpool, m.layer1, m.layer2, m.layer3)),
            ("layer4", nn.Sequential(m.conv1, m.bn1, m.relu, m.maxpool, m.layer1, m.layer2, m.layer3, m.layer4))]


def stages_features(m, cut_points):
    """Prefixes of a `features` Sequential, cut after the given indices."""
    return [(f"features[:{c + 1}]", m.features[: c + 1]) for c in cut_points]


# name, the whole model, its input shape, the stages checked for receptive fields
# (name, module, input shape large enough for the central unit's field to lie inside).
def models():
    r18, r50 = tv("resnet18"), tv("resnet50")
    vgg, alex = tv("vgg16"), tv("alexnet")
    mob, dense = tv("mobilenet_v2"), tv("densenet121")
    goog = tv("googlenet", aux_logits=False, init_weights=False)
    squeeze = tv("squeezenet1_0")
    yield "resnet18", r18, (1, 3, 224, 224), [(n, s, (1, 3, 512, 512)) for n, s in stages_resnet(r18)]
    yield "resnet50", r50, (1, 3, 224, 224), [(n, s, (1, 3, 512, 512)) for n, s in stages_resnet(r50)[2:]]
    yield "vgg16", vgg, (1, 3, 224, 224), [(n, s, (1, 3, 256, 256)) for n, s in stages_features(vgg, [4, 9, 16, 23, 30])]
    yield "alexnet", alex, (1, 3, 224, 224), [(n, s, (1, 3, 320, 320)) for n, s in stages_features(alex, [2, 5, 12])]
    yield "mobilenet_v2", mob, (1, 3, 224, 224), [(n, s, (1, 3, 576, 576)) for n, s in stages_features(mob, [3, 6, 13, 18])]
    yield "densenet121", dense, (1, 3, 224, 224), [(n, s, (1, 3, 320, 320)) for n, s in stages_features(dense, [4, 6])]
    goog_stage = nn.Sequential(goog.conv1, goog.maxpool1, goog.conv2, goog.conv3, goog.maxpool2, goog.inception3a, goog.inception3b)
    yield "googlenet", goog, (1, 3, 224, 224), [("inception3b", goog_stage, (1, 3, 320, 320))]
    yield "squeezenet1_0", squeeze, (1, 3, 224, 224), [(n, s, (1, 3, 320, 320)) for n, s in stages_features(squeeze, [5, 12])]
    unet = UNet()
    yield "unet", unet, (1, 1, 64, 64), [("output", unet, (1, 1, 128, 128))]
    causal = CausalStack()
    yield "causal1d", causal, (1, 1, 64), [("output", causal, (1, 1, 64))]


# ---- running ConvScope ---------------------------------------------------------------------

# Each model is exported at another opset, so that the reader and the analysis meet the ops'
# older and newer forms (Upsample and Resize, Slice, Squeeze and Pad attributes or inputs).
OPSETS = {"resnet18": 9, "resnet50": 11, "vgg16": 13, "alexnet": 10, "mobilenet_v2": 12,
          "densenet121": 14, "googlenet": 15, "squeezenet1_0": 16, "unet": 9, "causal1d": 17}


def export(module, shape, path, opset):
    module.eval()
    torch.onnx.export(module, torch.randn(*shape), path, opset_version=opset,
                      input_names=["input"], output_names=["output"])


def convscope_graph(path, shape):
    run = subprocess.run([CONVSCOPE, "graph", path, "--json", "--input-shape", ",".join(map(str, shape))],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"convscope graph {path} failed ({run.returncode}): {run.stderr.strip()}")
    return json.loads(run.stdout)


# ---- ground truth --------------------------------------------------------------------------

def ground_truth_copy(module):
    """Positive weights, identity activations, max pooling as average pooling, float64."""
    m = copy.deepcopy(module).double().eval()
    def replace(parent):
        for name, child in parent.named_children():
            if isinstance(child, (nn.ReLU, nn.ReLU6, nn.Dropout, nn.Hardswish, nn.SiLU)):
                setattr(parent, name, nn.Identity())
            elif isinstance(child, nn.MaxPool2d):
                setattr(parent, name, nn.AvgPool2d(child.kernel_size, child.stride, child.padding,
                                                   ceil_mode=child.ceil_mode))
            else:
                replace(child)
    replace(m)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(p.abs() + 0.01)
    return m


def gradient_extent(module, shape):
    """Per spatial dimension, the span of input cells with a nonzero gradient of the central
    output unit (summed over channels), and whether that span touches the input's border."""
    # (torchvision's networks are the same along both axes, so the stages are checked along
    # the first one: their inputs are narrow along the second, which keeps the test fast.)
    m = ground_truth_copy(module)
    x = torch.ones(*shape, dtype=torch.float64, requires_grad=True)
    y = m(x)
    centre = tuple((s - 1) // 2 for s in y.shape[2:])
    y[(0, slice(None)) + centre].sum().backward()
    nonzero = (x.grad[0].abs().sum(0) != 0)
    spans = []
    for d in range(nonzero.dim()):
        other = [i for i in range(nonzero.dim()) if i != d]
        along = nonzero.permute(d, *other).reshape(nonzero.shape[d], -1).any(1)
        idx = along.nonzero().flatten()
        lo, hi = int(idx.min()), int(idx.max())
        spans.append((hi - lo + 1, lo == 0 or hi == shape[2 + d] - 1))
    return spans


# ---- checks --------------------------------------------------------------------------------

def check_shapes(name, path, answer):
    inferred = onnx.shape_inference.infer_shapes(onnx.load(path))
    known = {}
    for v in list(inferred.graph.value_info) + list(inferred.graph.output):
        dims = [d.dim_value if d.HasField("dim_value") else None for d in v.type.tensor_type.shape.dim]
        if dims and None not in dims:
            known[v.name] = dims
    by_output = {n.name: n.output[0] for n in inferred.graph.node}
    compared = 0
    for node in answer["nodes"]:
        value = by_output.get(node["name"])
        if value in known:
            compared += 1
            check(node["shape"] == known[value],
                  f"{name}: node {node['name']} ({node['op']}) shape {node['shape']}, ONNX says {known[value]}")
    check(compared > 0, f"{name}: no node shape could be compared")
    unsupported = [f for node in answer["nodes"] for f in node["flags"] if f.startswith("unsupported")]
    check(not unsupported, f"{name}: ops not understood: {unsupported[:3]}")
    return compared, len(answer["nodes"])


def main():
    summary = []
    for name, model, shape, stages in models():
        path = os.path.join(WORK, f"{name}.onnx")
        export(model, shape, path, OPSETS[name])
        answer = convscope_graph(path, shape)
        compared, total = check_shapes(name, path, answer)
        line = f"{name} (opset {OPSETS[name]}): {total} nodes, {compared} shapes agree with ONNX shape inference"
        for stage, module, stage_shape in stages:
            if len(stage_shape) == 4:
                stage_shape = stage_shape[:3] + (64,)  # checked along the first axis
            stage_path = os.path.join(WORK, f"{name}-{stage}.onnx".replace(":", "").replace("[", "_").replace("]", ""))
            export(module, stage_shape, stage_path, OPSETS[name])
            out = convscope_graph(stage_path, stage_shape)["outputs"][0]
            truth = gradient_extent(module, stage_shape)
            ours = out.get("rf")
            check(ours is not None, f"{name} {stage}: no receptive field for the output")
            if ours is None:
                continue
            for d, (span, touches) in enumerate(truth[:1]):
                check(not touches, f"{name} {stage}: the ground truth field touches the border: use a larger input")
                check(ours[d] == span, f"{name} {stage}: rf {ours[d]} along dim {d}, gradient says {span}")
            line += f"; {stage} rf {ours[0]} (gradient {truth[0][0]})"
        summary.append(line)
        print(line, flush=True)
    print(f"verify_models: {checks - len(failures)} of {checks} checks passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
