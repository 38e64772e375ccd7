#!/usr/bin/python3
"""The U-Net planner against U-Nets built in PyTorch.

Run with Debian's interpreter (python3-torch 1.13):
    /usr/bin/python3 unet_check.py [--count N] [--seed S] CONVSCOPE_COMMAND...

For N U-Nets (fixed seed; 2-D inputs of 32 to 256 cells, a quarter of them not square;
depth 1 to 4; blocks of two 3x3 convolutions, valid or same-padded; down- and up-samplers
drawn from the usual ones, overshooting transposed up-samplers and nearest and bilinear
upsampling among them, one for every level or one per level), and four with stride-1 samplers whose fixes are asymmetric, it asks
`convscope eval` for {"op":"unet_plan"}, builds each U-Net in PyTorch and checks:
  - sizes: each level's skip, down-sampled, up-sampled, crop, concatenated and level output
    sizes, the bottom and the output, of the U-Net as given (a skip larger than its
    up-sampled map is centre-cropped; a smaller one crops the map instead);
  - verdicts, bottom-up on the U-Net with every fix of the deeper levels in place: "already
    matches" and "matches once the levels below line up" mean that the up-sampler's output
    equals the skip there; every proposed fix (each alternative, with its PyTorch line when
    the module cannot take it) reaches the skip; "no padding ..." means that none can (a
    transposed convolution with padding 0 and the largest output_padding falls short; a
    convolution without padding is already too large);
  - the fixed U-Net: with every level's first fix applied together, each skip that the
    planner says lines up is concatenated with torch.cat without any crop.
U-Nets the planner refuses must fail in PyTorch too. The last line is
`unet: N passed, M failed`; the exit status is 1 when anything failed.
"""

import argparse
import collections
import json
import random
import re
import subprocess
import sys
import time
import warnings

try:
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as exc:  # pragma: no cover
    sys.stderr.write("unet_check.py needs torch; run it with /usr/bin/python3 "
                     "(Debian python3-torch): %s\n" % exc)
    sys.exit(2)

warnings.filterwarnings("ignore")
torch.set_num_threads(1)

BLOCKS = {"valid": "c3;c3", "same": "c3p1;c3p1"}
DOWN_SAMPLERS = ("m2", "m2", "m2", "c3s2p1", "m3s2p1", "a2")
# Transposed up-samplers that land exactly, undershoot and overshoot, and nearest and
# bilinear upsampling (whose fixes pad their output with a line of PyTorch).
UP_SAMPLERS = ("t2s2", "t2s2", "t3s2p1o1", "t4s2p1", "t4s2", "t3s2p1", "t3s2", "t2s2p1",
               "t5s2p2o1", "n2", "b2", "b2A")
# Up-samplers of stride 1, which take no output_padding: their fixes are asymmetric, so the
# planner's PyTorch lines (a slice after a transposed convolution, F.pad before a
# convolution) run in every check, not only in the alternatives.
EXTRA_CONFIGS = (
    {"input": [64, 64], "depth": 1, "blocks": "same", "downs": ["m2s1"], "ups": ["t3"]},
    {"input": [64, 48], "depth": 2, "blocks": "same", "downs": ["m2s1"], "ups": ["t3"]},
    {"input": [64, 64], "depth": 1, "blocks": "same", "downs": ["c2"], "ups": ["c3"]},
    {"input": [50, 61], "depth": 2, "blocks": "valid", "downs": ["c2"], "ups": ["c3"]},
)
VERDICTS = ("already matches", "matches once fixed below", "fix", "no fix")


# --------------------------------------------------------------------------------------
# Layers from link tokens (c conv, m max pool, a avg pool, t transposed, n nearest and b
# linear upsampling; s p o, A align_corners)
# --------------------------------------------------------------------------------------

TOKEN = re.compile(r"^([cmatnb])(\d+)(?:s(\d+))?(?:p(\d+))?(?:o(\d+))?(A)?$")
TYPES = {"c": "conv", "m": "max_pool", "a": "avg_pool", "t": "conv_transpose",
         "n": "upsample_nearest", "b": "upsample_linear"}


def layer_of(token):
    kind, kernel, stride, pad, out_pad, align = TOKEN.match(token).groups()
    kernel = int(kernel)
    if kind in "nb":  # the kernel is the scale factor; no stride or padding of its own
        layer = {"type": TYPES[kind], "kernel": kernel}
        if align:
            layer["align_corners"] = True
        return layer
    pooling = kind in "ma"
    layer = {"type": TYPES[kind], "kernel": kernel,
             "stride": int(stride) if stride else (kernel if pooling else 1),
             "padding": int(pad or 0)}
    if kind == "t":
        layer["output_padding"] = int(out_pad or 0)
    return layer


def stack_of(text):
    return [layer_of(t) for t in text.split(";")]


def module_of(layer, cin, cout, padding=None, output_padding=None):
    """The PyTorch module of a layer; `padding` and `output_padding` (per dimension) replace
    the layer's own."""
    kind = layer["type"]
    if kind.startswith("upsample_"):  # no padding to replace: its fixes pad its output
        if kind == "upsample_nearest":
            return nn.Upsample(scale_factor=layer["kernel"], mode="nearest")
        return nn.Upsample(scale_factor=layer["kernel"], mode="bilinear",
                           align_corners=layer.get("align_corners", False))
    k, s = layer["kernel"], layer["stride"]
    p = tuple(padding) if padding is not None else layer["padding"]
    if kind == "conv":
        return nn.Conv2d(cin, cout, k, stride=s, padding=p)
    if kind == "max_pool":
        return nn.MaxPool2d(k, stride=s, padding=p)
    if kind == "avg_pool":
        return nn.AvgPool2d(k, stride=s, padding=p)
    op = tuple(output_padding) if output_padding is not None else layer["output_padding"]
    return nn.ConvTranspose2d(cin, cout, k, stride=s, padding=p, output_padding=op)


def largest_output_padding(layer):
    return layer["stride"] - 1  # max(stride, dilation) - 1; the tokens here have dilation 1


# --------------------------------------------------------------------------------------
# Configurations
# --------------------------------------------------------------------------------------

def gen_config(seed, i):
    rng = random.Random("convscope-unet:%d:%d" % (seed, i))
    side = rng.randint(32, 256)
    size = [side, side] if rng.random() < 0.75 else [side, rng.randint(32, 256)]
    depth = rng.randint(1, 4)
    blocks = "same" if rng.random() < 0.6 else "valid"
    downs = [rng.choice(DOWN_SAMPLERS)]
    if rng.random() < 0.3:
        downs = [rng.choice(DOWN_SAMPLERS) for _ in range(depth)]
    ups = [rng.choice(UP_SAMPLERS)]
    if rng.random() < 0.5:
        ups = [rng.choice(UP_SAMPLERS) for _ in range(depth)]
    return {"input": size, "depth": depth, "blocks": blocks, "downs": downs, "ups": ups}


def link_of(c):
    """The panel's link for the configuration (its input is square there)."""
    text = "unet_in=%d&unet_depth=%d" % (c["input"][0], c["depth"])
    if c["blocks"] == "same":
        text += "&unet_same=1"
    return text + "&unet_down=%s&unet_up=%s" % (";".join(c["downs"]), ";".join(c["ups"]))


def request_of(c):
    downs = [layer_of(t) for t in c["downs"]]
    ups = [layer_of(t) for t in c["ups"]]
    # The last token serves the levels below it, as in the panel.
    return {"op": "unet_plan", "input": c["input"], "depth": c["depth"],
            "down": stack_of(BLOCKS[c["blocks"]]), "up_block": stack_of(BLOCKS[c["blocks"]]),
            "pool": downs[-1], "up": ups[-1], "pools": downs, "ups": ups}


def sampler(tokens, level):
    """The sampler of `level` (1: the top) from one token per level, the last serving below."""
    return layer_of(tokens[min(level, len(tokens)) - 1])


# --------------------------------------------------------------------------------------
# The U-Net in PyTorch
# --------------------------------------------------------------------------------------

class Net:
    """The layers of one configuration, built once so both walks use the same modules."""

    def __init__(self, c):
        torch.manual_seed(0)
        block = stack_of(BLOCKS[c["blocks"]])
        self.c = c
        self.depth = c["depth"]
        self.down_block = [nn.Sequential(*[module_of(l, 1, 1) for l in block])
                           for _ in range(self.depth + 1)]  # the last one is the bottom block
        self.down = [module_of(sampler(c["downs"], l), 1, 1) for l in range(1, self.depth + 1)]
        self.up_layer = [sampler(c["ups"], l) for l in range(1, self.depth + 1)]
        self.up = [module_of(layer, 1, 1) for layer in self.up_layer]
        self.up_block = [nn.Sequential(*[module_of(l, 2 if j == 0 else 1, 1)
                                         for j, l in enumerate(block)])
                         for _ in range(self.depth)]
        self.head = nn.Conv2d(1, 1, 1)

    def contract(self):
        """The contracting path: the skips, the down-sampled sizes and the bottom map."""
        x = torch.randn(1, 1, *self.c["input"])
        skips, downs = [], []
        for level in range(self.depth):
            x = self.down_block[level](x)
            skips.append(x)
            x = self.down[level](x)
            downs.append(list(x.shape[2:]))
        return skips, downs, self.down_block[self.depth](x)


def size(x):
    return list(x.shape[2:])


def centre_crop(x, target):
    """x cut to `target`, the extra cell of an odd difference after (the planner's crop)."""
    index = [slice(None), slice(None)]
    for have, want in zip(size(x), target):
        cut = have - want
        index.append(slice(cut // 2, have - (cut - cut // 2)))
    return x[tuple(index)]


def concatenate(skip, up):
    """The usual remedy where the sizes differ: crop whichever map is larger to the other."""
    target = [min(a, b) for a, b in zip(size(skip), size(up))]
    return torch.cat([centre_crop(skip, target), centre_crop(up, target)], 1)


def run_line(code, x):
    """Runs one line of the planner's PyTorch code on `x`."""
    namespace = {"x": x, "F": F, "torch": torch}
    exec(compile(code, "<fix>", "exec"), namespace)  # noqa: S102 - the planner's own line
    return namespace["x"]


def apply_fix(net, level, x, fix):
    """Level `level`'s up-sampler (index from 0) with `fix` applied, on x."""
    layer = net.up_layer[level]
    padding = fix.get("module_padding")
    if padding is None:
        if not fix["symmetric"]:
            raise ValueError("an asymmetric fix %s without PyTorch code" % json.dumps(fix))
        padding = [p[0] for p in fix["pads"]]
    module = module_of(layer, 1, 1, padding, fix["output_padding"])
    code, where = fix.get("pytorch", ""), fix.get("pytorch_applies", "")
    if code and where == "before the up-sampler":
        x = run_line(code, x)
    x = module(x)
    if code and where == "after the up-sampler":
        x = run_line(code, x)
    elif code and where != "before the up-sampler":
        raise ValueError("pytorch_applies is %r" % where)
    return x


def verdict_of(level):
    note = level.get("fix_note", "")
    if level.get("fixes"):
        return "fix"
    if note.startswith("the up-sampled map already matches"):
        return "already matches"
    if note.startswith("matches once the levels below line up"):
        return "matches once fixed below"
    if note.startswith("no padding"):
        return "no fix"
    return None


# --------------------------------------------------------------------------------------
# The check
# --------------------------------------------------------------------------------------

def ask(cli, requests):
    text = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in requests)
    done = subprocess.run(cli + ["eval"], input=text.encode(), stdout=subprocess.PIPE, check=True)
    lines = done.stdout.decode().splitlines()
    if len(lines) != len(requests):
        raise RuntimeError("convscope eval answered %d of %d requests" % (len(lines), len(requests)))
    return [json.loads(line) for line in lines]


def walk_as_given(net):
    """The U-Net as given, in PyTorch: its sizes in the plan's form. Raises RuntimeError where
    a size vanishes."""
    skips, downs, x = net.contract()
    sizes = {"bottom": size(x), "levels": [None] * net.depth}
    for level in reversed(range(net.depth)):
        up = net.up[level](x)
        skip = skips[level]
        mismatch = [a - b for a, b in zip(size(skip), size(up))]
        x = concatenate(skip, up)
        sizes["levels"][level] = {
            "skip": size(skip), "down": downs[level], "up": size(up), "mismatch": mismatch,
            "crop": [[m // 2, m - m // 2] if m >= 0 else [0, 0] for m in mismatch],
            "concat": size(x)}
        x = net.up_block[level](x)
        sizes["levels"][level]["up_output"] = size(x)
    sizes["output"] = size(net.head(x))
    return sizes


def check_sizes(net, plan, fail):
    sizes = walk_as_given(net)
    for key in ("bottom", "output"):
        if sizes[key] != plan[key]:
            fail("sizes", "%s: PyTorch %s, planner %s" % (key, sizes[key], plan[key]))
    for level, expected in enumerate(sizes["levels"]):
        got = plan["levels"][level]
        for key, value in expected.items():
            if got.get(key) != value:
                fail("sizes", "level %d %s: PyTorch %s, planner %s"
                     % (level + 1, key, value, got.get(key)))


def check_fixed(net, plan, fail, stats):
    """Bottom-up with the fixes of the deeper levels in place: each verdict, each fix, and the
    concatenation of the fixed U-Net."""
    skips, _, x = net.contract()
    for level in reversed(range(net.depth)):
        got = plan["levels"][level]
        skip = skips[level]
        where = "level %d" % (level + 1)
        verdict = verdict_of(got)
        if verdict is None:
            fail("verdicts", "%s: no verdict in %s" % (where, json.dumps(got)))
            return
        stats["verdict: " + verdict] += 1
        if net.up_layer[level]["type"].startswith("upsample_"):
            stats["upsampling levels"] += 1
        up = net.up[level](x)
        if "up_with_fixes_below" in got and got["up_with_fixes_below"] != size(up):
            fail("sizes", "%s up_with_fixes_below: PyTorch %s, planner %s"
                 % (where, size(up), got["up_with_fixes_below"]))
        lines_up = size(up) == size(skip)
        if verdict == "already matches" and not (lines_up and got["mismatch"] == [0, 0]):
            fail("verdicts", "%s 'already matches', but with the fixes below the up-sampler gives "
                 "%s against the skip's %s" % (where, size(up), size(skip)))
        elif verdict == "matches once fixed below" and (not lines_up or
                                                        got["mismatch"] == [0, 0]):
            fail("verdicts", "%s 'matches once the levels below line up', but it matches as it "
                 "stands or, with them, the up-sampler gives %s against the skip's %s"
                 % (where, size(up), size(skip)))
        elif verdict in ("fix", "no fix") and lines_up:
            fail("verdicts", "%s %s, but with the fixes below it already gives the skip's %s"
                 % (where, verdict, size(skip)))
        if verdict == "no fix":
            layer = net.up_layer[level]
            if layer["type"] == "conv_transpose":  # padding only crops its output
                op = [largest_output_padding(layer)] * 2
                widest = size(module_of(layer, 1, 1, [0, 0], op)(x))
                if all(w >= s for w, s in zip(widest, size(skip))):
                    fail("verdicts", "%s: no fix, yet padding 0 with output_padding %s gives "
                         "%s, enough for the skip's %s" % (where, op, widest, size(skip)))
            elif layer["type"] == "conv":  # padding only grows its input
                narrowest = size(module_of(layer, 1, 1, [0, 0])(x))
                if all(n <= s for n, s in zip(narrowest, size(skip))):
                    fail("verdicts", "%s: no fix, yet padding 0 gives %s, no more than the "
                         "skip's %s" % (where, narrowest, size(skip)))
            x = net.up_block[level](concatenate(skip, up))
            continue
        for n, fix in enumerate(got.get("fixes", [])):
            stats["fixes tried"] += 1
            if fix.get("pytorch"):
                stats["fixes applied with a line of PyTorch"] += 1
            try:
                fixed = apply_fix(net, level, x, fix)
            except (RuntimeError, ValueError) as e:
                fail("fixes", "%s fix %d %s: %s" % (where, n + 1, json.dumps(fix), e))
                continue
            if size(fixed) != size(skip):
                fail("fixes", "%s fix %d %s gives %s, not the skip's %s"
                     % (where, n + 1, json.dumps(fix), size(fixed), size(skip)))
            if n == 0:
                up = fixed
        try:
            joined = torch.cat([skip, up], 1)  # no crop: the level lines up
            stats["concatenations without a crop"] += 1
        except RuntimeError:
            fail("fixed U-Net", "%s: the skip %s and the up-sampled map %s do not concatenate "
                 "with the fixes applied" % (where, size(skip), size(up)))
            joined = concatenate(skip, up)
        x = net.up_block[level](joined)


def check(cli, count, seed, verbose=False):
    t0 = time.time()
    configs = [gen_config(seed, i) for i in range(count)] + list(EXTRA_CONFIGS)
    plans = ask(cli, [request_of(c) for c in configs])
    failures = collections.OrderedDict()
    failed_configs = set()
    stats = collections.Counter()
    for i, (c, plan) in enumerate(zip(configs, plans)):
        def fail(category, what, i=i, c=c):
            failed_configs.add(i)
            failures.setdefault(category, []).append(
                "FAIL %s (%s): %s" % (link_of(c), json.dumps(c["input"]), what))

        net = Net(c)
        with torch.no_grad():
            if "error" in plan:
                stats["refused"] += 1
                try:
                    walk_as_given(net)
                    fail("refusals", "the planner refuses (%s), PyTorch runs it" % plan["error"])
                except RuntimeError:
                    pass
                continue
            stats["planned"] += 1
            stats["levels"] += c["depth"]
            try:
                check_sizes(net, plan, fail)
                check_fixed(net, plan, fail, stats)
            except RuntimeError as e:
                fail("refusals", "PyTorch fails where the planner answers: %s" % e)
    for category, lines in failures.items():
        for line in lines[: 30 if not verbose else len(lines)]:
            print(line)
        if len(lines) > 30 and not verbose:
            print("  ... %d more %s failures" % (len(lines) - 30, category))
    print("  %d U-Nets (%d random, %d with stride-1 up-samplers): %d planned (%d levels), "
          "%d refused by both" % (len(configs), count, len(EXTRA_CONFIGS), stats["planned"],
                                  stats["levels"], stats["refused"]))
    print("  verdicts: " + ", ".join("%s %d" % (v, stats["verdict: " + v]) for v in VERDICTS))
    print("  levels with nearest or bilinear upsampling: %d" % stats["upsampling levels"])
    print("  fixes tried %d (%d with a line of PyTorch); concatenations without a crop in the "
          "fixed U-Nets %d" % (stats["fixes tried"], stats["fixes applied with a line of PyTorch"],
                               stats["concatenations without a crop"]))
    print("  failures by kind: " + (", ".join("%s %d" % (k, len(v)) for k, v in failures.items())
                                    or "none"))
    print("  %.1f s" % (time.time() - t0))
    print("unet: %d passed, %d failed" % (len(configs) - len(failed_configs), len(failed_configs)))
    return 1 if failed_configs else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=400)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--verbose", action="store_true", help="print every failure")
    ap.add_argument("cli", nargs=argparse.REMAINDER, help="the convscope command")
    a = ap.parse_args(argv)
    if not a.cli:
        ap.error("give the convscope command, e.g. build/native/src/cli/convscope")
    return check(a.cli, a.count, a.seed, a.verbose)


if __name__ == "__main__":
    sys.exit(main())
