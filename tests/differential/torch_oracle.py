#!/usr/bin/python3
"""ConvScope differential-test oracle backed by real PyTorch.

Run with Debian's interpreter (python3-torch 1.13):  /usr/bin/python3 torch_oracle.py ...

Subcommands
  generate   --count N --seed S --out-cases cases.jsonl --out-expected expected.jsonl
  compare    --cases cases.jsonl --expected expected.jsonl --responses responses.jsonl
             [--rtol 1e-4 --atol 1e-5]
  self-check

cases.jsonl holds ConvScope JSON API requests ({"op":"conv",...} and {"op":"shape",...}),
one per line; line i of expected.jsonl is what PyTorch did with line i:
  {"id","desc","op","layer_type","ndim","kind", "refused":true,"torch_error":"..."}   or
  {"id","desc","op","layer_type","ndim","kind", "output":[...], "y":nested}  (conv ops)
  {"id","desc","op","layer_type","ndim","kind", "output":[spatial...]}       (shape ops)
"kind" is "ok" or the name of the refusal the generator aimed for.  A refusal whose
torch_error starts with "[oracle]" is a case PyTorch has no direct call for (see
README.md); the oracle marks it refused itself.

Only the standard library, numpy and torch are used.
"""

import argparse
import collections
import io
import json
import math
import os
import random
import re
import sys
import tempfile
import time
import warnings

try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
except ImportError as exc:  # pragma: no cover
    sys.stderr.write("torch_oracle.py needs numpy and torch; run it with /usr/bin/python3 "
                     "(Debian python3-torch): %s\n" % exc)
    sys.exit(2)

warnings.filterwarnings("ignore")
torch.set_num_threads(1)

LAYER_TYPES = ("conv", "conv_transpose", "max_pool", "avg_pool")
# Upsampling and pixel (un)shuffle: generated after the layers above (--resample-count), and
# run in float32, whose index rules PyTorch follows for float tensors (a scale of 41 maps
# output 41 to input 0 in float, to 1 in double).
RESAMPLE_TYPES = ("upsample_nearest", "upsample_linear", "pixel_shuffle", "pixel_unshuffle")
FACTOR_KEYS = {"upsample_nearest": "scale_factor", "upsample_linear": "scale_factor",
               "pixel_shuffle": "upscale_factor", "pixel_unshuffle": "downscale_factor"}
PAD_MODE_TO_F = {"zeros": "constant", "reflect": "reflect", "replicate": "replicate",
                 "circular": "circular"}
SAME_RULES = ("pytorch", "tensorflow", "onnx_upper", "onnx_lower")
ORACLE = "[oracle] "


class OracleRefusal(Exception):
    """A configuration PyTorch has no call for; the oracle declares it refused."""


# --------------------------------------------------------------------------------------
# Evaluation: interpret one ConvScope request with PyTorch
# --------------------------------------------------------------------------------------

def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def per_dim(value, nd, name):
    if _is_int(value):
        return [value] * nd
    if isinstance(value, list) and len(value) == nd and all(_is_int(v) for v in value):
        return list(value)
    raise OracleRefusal("%s must be an int or a list of %d ints, got %r" % (name, nd, value))


def same_pads(rule, sizes, kernel, stride, dilation):
    """[[before, after], ...] for 'same' under the TensorFlow / ONNX SAME_UPPER / SAME_LOWER rules."""
    pairs = []
    for n, k, s, d in zip(sizes, kernel, stride, dilation):
        if s <= 0:  # formula undefined; let torch refuse the stride itself
            pairs.append([0, 0])
            continue
        out = -(-n // s)  # ceil(n / s)
        total = max((out - 1) * s + d * (k - 1) + 1 - n, 0)
        if rule == "onnx_lower":
            pairs.append([total - total // 2, total // 2])
        else:  # tensorflow, onnx_upper
            pairs.append([total // 2, total - total // 2])
    return pairs


def torch_pad_arg(pairs):
    """F.pad order: last spatial dimension first."""
    out = []
    for b, a in reversed(pairs):
        out += [b, a]
    return out


def parse_padding(L, nd):
    """-> ("sym", [p...]) | ("pairs", [[b,a]...]) | ("str", "same"|"valid"|"full")."""
    p = L.get("padding", 0)
    if isinstance(p, str):
        if p not in ("same", "valid", "full"):
            raise OracleRefusal("unknown padding string %r" % p)
        return "str", p
    if _is_int(p):
        return "sym", [p] * nd
    if isinstance(p, list) and len(p) == nd:
        if all(_is_int(v) for v in p):
            return "sym", list(p)
        if all(isinstance(v, list) and len(v) == 2 and all(_is_int(e) for e in v) for v in p):
            return "pairs", [list(v) for v in p]
    raise OracleRefusal("malformed padding %r" % (p,))


def _nn_conv_cls(transpose, nd):
    return getattr(nn, ("ConvTranspose%dd" if transpose else "Conv%dd") % nd)


def run_conv(L, x, w, b, nd):
    kernel = per_dim(L["kernel"], nd, "kernel")
    stride = per_dim(L.get("stride", 1), nd, "stride")
    dilation = per_dim(L.get("dilation", 1), nd, "dilation")
    groups = L.get("groups", 1)
    mode = L.get("padding_mode", "zeros")
    rule = L.get("same_rule", "pytorch")
    if mode not in PAD_MODE_TO_F:
        raise OracleRefusal("unknown padding_mode %r" % mode)
    if list(w.shape[2:]) != kernel:
        raise OracleRefusal("kernel %r does not match weight shape %r" % (kernel, list(w.shape)))
    fn = getattr(F, "conv%dd" % nd)
    form, pad = parse_padding(L, nd)
    if form == "str" and pad == "full":
        form, pad = "sym", [d * (k - 1) for k, d in zip(kernel, dilation)]
    if form == "str" and pad == "same" and rule != "pytorch":
        if rule not in SAME_RULES:
            raise OracleRefusal("unknown same_rule %r" % rule)
        form, pad = "pairs", same_pads(rule, list(x.shape[2:]), kernel, stride, dilation)
    if form == "pairs":
        if any(v < 0 for pr in pad for v in pr):
            raise OracleRefusal("negative padding is not supported")
        xp = F.pad(x, torch_pad_arg(pad), mode=PAD_MODE_TO_F[mode])
        return fn(xp, w, b, stride, 0, dilation, groups)
    torch_pad = pad if form == "str" else tuple(pad)   # 'same' / 'valid' / ints
    if mode == "zeros":
        return fn(x, w, b, stride, torch_pad, dilation, groups)
    # Non-zeros padding modes: exactly what nn.ConvNd does (F.pad(mode) then conv, padding 0).
    m = _nn_conv_cls(False, nd)(x.shape[1], w.shape[0], kernel, stride, torch_pad, dilation,
                                groups, bias=b is not None, padding_mode=mode,
                                dtype=torch.float64)
    m.weight = nn.Parameter(w)
    if b is not None:
        m.bias = nn.Parameter(b)
    return m(x)


def run_conv_transpose(L, x, w, b, nd):
    kernel = per_dim(L["kernel"], nd, "kernel")
    stride = per_dim(L.get("stride", 1), nd, "stride")
    dilation = per_dim(L.get("dilation", 1), nd, "dilation")
    output_padding = per_dim(L.get("output_padding", 0), nd, "output_padding")
    groups = L.get("groups", 1)
    mode = L.get("padding_mode", "zeros")
    if list(w.shape[2:]) != kernel:
        raise OracleRefusal("kernel %r does not match weight shape %r" % (kernel, list(w.shape)))
    form, pad = parse_padding(L, nd)
    if form == "pairs":
        raise OracleRefusal("asymmetric padding is not supported by ConvTranspose")
    if mode != "zeros" or form == "str":
        # F.conv_transpose has no padding_mode / padding string: ask nn.ConvTransposeNd.
        torch_pad = pad if form == "str" else tuple(pad)
        m = _nn_conv_cls(True, nd)(x.shape[1], w.shape[1] * groups, kernel, stride, torch_pad,
                                   output_padding, groups, bias=b is not None,
                                   dilation=dilation, padding_mode=mode, dtype=torch.float64)
        m.weight = nn.Parameter(w)
        if b is not None:
            m.bias = nn.Parameter(b)
        m(x)
        raise OracleRefusal("nn.ConvTranspose%dd unexpectedly accepted padding=%r padding_mode=%r"
                            % (nd, pad, mode))
    fn = getattr(F, "conv_transpose%dd" % nd)
    return fn(x, w, b, stride, pad, output_padding, groups, dilation)


def run_pool(L, x, nd):
    t = L["type"]
    kernel = per_dim(L["kernel"], nd, "kernel")
    stride = per_dim(L["stride"], nd, "stride") if "stride" in L else None
    dilation = per_dim(L.get("dilation", 1), nd, "dilation")
    ceil_mode = bool(L.get("ceil_mode", False))
    if L.get("padding_mode", "zeros") != "zeros":
        raise OracleRefusal("PyTorch pooling has no padding_mode")
    form, pad = parse_padding(L, nd)
    if form == "str" and pad == "valid":
        form, pad = "sym", [0] * nd
    if form != "sym":
        raise OracleRefusal("PyTorch pooling supports only symmetric int padding, got %r"
                            % (L.get("padding"),))
    if t == "max_pool":
        return getattr(F, "max_pool%dd" % nd)(x, kernel, stride, pad, dilation, ceil_mode)
    if any(d != 1 for d in dilation):
        raise OracleRefusal("avg_pool%dd has no dilation argument (dilation %r)" % (nd, dilation))
    cip = bool(L.get("count_include_pad", True))
    return getattr(F, "avg_pool%dd" % nd)(x, kernel, stride, pad, ceil_mode, cip)


def run_resample(L, x, nd):
    t = L["type"]
    factor = per_dim(L.get(FACTOR_KEYS[t], L.get("kernel", 1)), nd, "factor")
    if t in ("pixel_shuffle", "pixel_unshuffle"):
        if nd != 2:
            raise OracleRefusal("%s rearranges (N, C, H, W) only" % t)
        if factor[0] != factor[1]:
            raise OracleRefusal("%s has one factor" % t)
        if factor[0] < 1:
            raise OracleRefusal("factor %d" % factor[0])
        fn = F.pixel_shuffle if t == "pixel_shuffle" else F.pixel_unshuffle
        return fn(x, factor[0])
    if "size" in L:
        # nn.Upsample(size=...): PyTorch takes a size or a scale factor, never both.
        if FACTOR_KEYS[t] in L or "kernel" in L:
            raise OracleRefusal("only one of size or scale_factor should be defined")
        size = tuple(per_dim(L["size"], nd, "size"))
        if any(v < 1 for v in size):
            raise OracleRefusal("size %s below 1" % (size,))
        if t == "upsample_nearest":
            return F.interpolate(x, size=size, mode="nearest")
        mode = ("linear", "bilinear", "trilinear")[nd - 1]
        return F.interpolate(x, size=size, mode=mode,
                             align_corners=bool(L.get("align_corners", False)))
    if any(f < 1 for f in factor):
        raise OracleRefusal("scale factor %s below 1" % factor)
    scale = tuple(float(f) for f in factor)
    if t == "upsample_nearest":
        return F.interpolate(x, scale_factor=scale, mode="nearest")
    mode = ("linear", "bilinear", "trilinear")[nd - 1]
    return F.interpolate(x, scale_factor=scale, mode=mode,
                         align_corners=bool(L.get("align_corners", False)))


def _shape_tensors(L, sizes):
    """Zero tensors for a shape request, built from the layer's channel fields."""
    t = L.get("type")
    nd = len(sizes)
    if t in ("conv", "conv_transpose"):
        cin, cout = L.get("in_channels"), L.get("out_channels")
        g = L.get("groups", 1)
        if not (_is_int(cin) and _is_int(cout) and _is_int(g)):
            raise OracleRefusal("shape request for %s needs in_channels/out_channels" % t)
        # The checks nn.ConvNd / nn.ConvTransposeNd make in their constructors.
        if g <= 0:
            raise ValueError("groups must be a positive integer")
        if cin % g != 0:
            raise ValueError("in_channels must be divisible by groups")
        if cout % g != 0:
            raise ValueError("out_channels must be divisible by groups")
        kernel = per_dim(L["kernel"], nd, "kernel")
        if any(k < 0 for k in kernel):
            raise OracleRefusal("negative kernel size")
        x = torch.zeros([1, cin] + list(sizes), dtype=torch.float64)
        if t == "conv":
            w = torch.zeros([cout, cin // g] + kernel, dtype=torch.float64)
        else:
            w = torch.zeros([cin, cout // g] + kernel, dtype=torch.float64)
        return x, w
    channels = L.get("in_channels", 1) if t in RESAMPLE_TYPES else 1
    dtype = torch.float32 if t in RESAMPLE_TYPES else torch.float64
    return torch.zeros([1, channels] + list(sizes), dtype=dtype), None


def evaluate(req):
    """Run one request through PyTorch.

    Returns {"refused": True, "torch_error": msg} or {"output": [...], "y": ndarray|None}.
    """
    op = req.get("op")
    L = req.get("layer", {})
    t = L.get("type")
    try:
        if t not in LAYER_TYPES + RESAMPLE_TYPES:
            raise OracleRefusal("unknown layer type %r" % t)
        dtype = torch.float32 if t in RESAMPLE_TYPES else torch.float64
        if op == "conv":
            x = torch.tensor(req["x"], dtype=dtype)
            w = torch.tensor(req["w"], dtype=torch.float64) if "w" in req else None
            b = torch.tensor(req["b"], dtype=torch.float64) if "b" in req else None
        elif op == "shape":
            x, w = _shape_tensors(L, req["input"])
            b = None
        else:
            raise OracleRefusal("unknown op %r" % op)
        nd = x.dim() - 2
        if nd not in (1, 2, 3):
            raise OracleRefusal("only 1-3 spatial dims")
        with torch.no_grad():
            if t == "conv":
                y = run_conv(L, x, w, b, nd)
            elif t == "conv_transpose":
                y = run_conv_transpose(L, x, w, b, nd)
            elif t in RESAMPLE_TYPES:
                y = run_resample(L, x, nd)
            else:
                y = run_pool(L, x, nd)
    except OracleRefusal as e:
        return {"refused": True, "torch_error": ORACLE + str(e)}
    except (RuntimeError, ValueError, TypeError, IndexError) as e:
        return {"refused": True, "torch_error": str(e).strip().splitlines()[0]}
    if any(s <= 0 for s in y.shape[2:]):
        # torch 1.13 F.max_pool1d (no grad, no indices) returns an empty tensor when the
        # computed output length is exactly 0; every other path raises "Output size is too small".
        return {"refused": True,
                "torch_error": ORACLE + "empty output %s (F.max_pool1d returns an empty tensor "
                "instead of raising; max_pool1d with indices/grad raises 'Output size is too small')"
                % list(y.shape)}
    if op == "shape":
        return {"output": list(y.shape[2:]), "y": None}
    return {"output": list(y.shape), "y": y.numpy()}


# --------------------------------------------------------------------------------------
# Generator
# --------------------------------------------------------------------------------------

REFUSAL_KINDS = {
    "conv": ["kernel_too_big", "reflect_pad_too_big", "circular_pad_too_big",
             "stride_nonpositive", "negative_padding", "groups_not_dividing",
             "same_strided_pytorch", "dilation_nonpositive"],
    "conv_transpose": ["output_padding_too_big", "negative_padding", "stride_nonpositive",
                       "groups_not_dividing", "padding_mode_not_zeros", "same_padding",
                       "output_too_small"],
    "max_pool": ["pad_gt_half_kernel", "kernel_too_big", "stride_nonpositive",
                 "negative_padding"],
    "avg_pool": ["pad_gt_half_kernel", "kernel_too_big", "stride_nonpositive",
                 "negative_padding", "dilation_unsupported", "avg3d_input_lt_kernel"],
}
P_REFUSE = 0.15
TYPE_WEIGHTS = [0.40, 0.20, 0.20, 0.20]
DIM_WEIGHTS = [0.30, 0.42, 0.28]


def _vec(rng, nd, lo, hi, p_same=0.4):
    if rng.random() < p_same:
        return [rng.randint(lo, hi)] * nd
    return [rng.randint(lo, hi) for _ in range(nd)]


def _emit(rng, v, p_scalar=0.4):
    """Per-dim list, or a scalar when all entries agree (sometimes)."""
    if all(e == v[0] for e in v) and rng.random() < p_scalar:
        return v[0]
    return list(v)


def _channels(rng, kind, transpose):
    r = rng.random()
    if kind == "groups_not_dividing":
        g = rng.choice([2, 3, 4])
        if transpose:
            cin = rng.choice([c for c in range(1, 7) if c % g])
            cout = g * rng.randint(1, 2)
        elif rng.random() < 0.5:
            cin = rng.choice([c for c in range(1, 7) if c % g])
            cout = rng.randint(1, 6)
        else:
            cin = g * rng.randint(1, max(1, 6 // g))
            cout = rng.choice([c for c in range(1, 7) if c % g])
        return cin, cout, g
    if r < 0.6:
        return rng.randint(1, 6), rng.randint(1, 6), 1
    if r < 0.8:  # depthwise
        cin = rng.randint(1, 6)
        return cin, cin * rng.choice([1, 1, 2]), cin
    g = rng.choice([2, 3])
    return g * rng.randint(1, 6 // g), g * rng.randint(1, 6 // g), g


def _pick_sizes(rng, nd, lo, smax, p_edge=0.3):
    sizes = []
    for j in range(nd):
        l = max(1, lo[j])
        if l > smax:
            return None
        if rng.random() < p_edge:
            sizes.append(min(smax, l + rng.choice([0, 0, 1])))
        else:
            sizes.append(rng.randint(l, smax))
    return sizes


def build_conv(rng, nd, kind):
    smax = 12 if nd < 3 else 7
    kmax = 4 if nd < 3 else 3
    cin, cout, g = _channels(rng, kind, False)
    kernel = _vec(rng, nd, 1, kmax)
    dilation = [1] * nd if rng.random() < 0.75 else _vec(rng, nd, 1, 3)
    stride = [1] * nd if rng.random() < 0.6 else _vec(rng, nd, 1, 3)
    mode = rng.choices(["zeros", "reflect", "replicate", "circular"], [0.55, 0.15, 0.15, 0.15])[0]
    form = rng.choices(["default", "int", "list", "pairs", "same", "valid", "full"],
                       [0.08, 0.2, 0.15, 0.2, 0.22, 0.08, 0.07])[0]
    rule = rng.choices(SAME_RULES, [0.4, 0.2, 0.2, 0.2])[0]
    j = rng.randrange(nd)
    if kind == "kernel_too_big":
        mode = "zeros"
        form = rng.choice(["default", "int", "list", "pairs", "valid"])
        kernel[j] = rng.randint(2, kmax + 1)
    elif kind == "reflect_pad_too_big":
        mode = "reflect"
        form = rng.choice(["int", "list", "pairs", "full"])
        kernel[j] = max(kernel[j], 2)
    elif kind == "circular_pad_too_big":
        mode = "circular"
        form = rng.choice(["int", "list", "pairs", "full"])
        kernel[j] = max(kernel[j], 3)
    elif kind == "stride_nonpositive":
        form = rng.choice(["default", "int", "list", "pairs", "valid"])
        stride[j] = rng.choice([0, 0, -1])
    elif kind == "negative_padding":
        mode = "zeros"
        form = rng.choice(["int", "list"])
    elif kind == "same_strided_pytorch":
        form, rule = "same", "pytorch"
        stride[j] = rng.randint(2, 3)
    elif kind == "dilation_nonpositive":
        form = rng.choice(["default", "int", "list"])
        dilation[j] = rng.choice([0, -1])
    if form == "same" and rule == "pytorch" and kind != "same_strided_pytorch":
        stride = [1] * nd
    effk = [d * (k - 1) + 1 for k, d in zip(kernel, dilation)]

    # padding value and the per-dim (before, after) it implies when known in advance
    pmax = 3
    if form == "default":
        padding, pairs = None, [[0, 0]] * nd
    elif form == "int":
        p = rng.randint(0, pmax)
        if kind == "negative_padding":
            p = -rng.randint(1, 2)
        padding, pairs = p, [[p, p]] * nd
    elif form == "list":
        ps = [rng.randint(0, pmax) for _ in range(nd)]
        if kind == "negative_padding":
            ps[j] = -rng.randint(1, 2)
        if kind in ("reflect_pad_too_big", "circular_pad_too_big"):
            ps[j] = max(ps[j], 2)
        padding, pairs = ps, [[p, p] for p in ps]
    elif form == "pairs":
        pairs = [[rng.randint(0, pmax), rng.randint(0, pmax)] for _ in range(nd)]
        if kind in ("reflect_pad_too_big", "circular_pad_too_big"):
            pairs[j][rng.randrange(2)] = rng.randint(2, 4)
        padding = pairs
    elif form == "full":
        padding, pairs = "full", [[e - 1, e - 1] for e in effk]
    else:  # same / valid
        padding, pairs = form, ([[0, 0]] * nd if form == "valid" else None)

    # input sizes
    if pairs is not None:
        lo = [e - pb - pa for e, (pb, pa) in zip(effk, pairs)]
        if mode == "reflect":
            lo = [max(l, max(pr) + 1) for l, pr in zip(lo, pairs)]
        elif mode == "circular":
            lo = [max(l, max(pr)) for l, pr in zip(lo, pairs)]
    else:
        lo = [1] * nd
    sizes = _pick_sizes(rng, nd, lo, smax)
    if sizes is None:
        return None
    if kind == "kernel_too_big":
        room = effk[j] - sum(pairs[j])
        if room < 2:
            return None
        sizes[j] = rng.randint(1, min(smax, room - 1))
    elif kind == "reflect_pad_too_big":
        m = max(pairs[j])
        if m < 1:
            return None
        sizes[j] = rng.randint(1, min(smax, m))
    elif kind == "circular_pad_too_big":
        m = max(pairs[j])
        if m < 2:
            return None
        sizes[j] = rng.randint(1, min(smax, m - 1))

    layer = {"type": "conv", "kernel": _emit(rng, kernel)}
    if stride != [1] * nd or rng.random() < 0.2:
        layer["stride"] = _emit(rng, stride)
    if dilation != [1] * nd or rng.random() < 0.15:
        layer["dilation"] = _emit(rng, dilation)
    if padding is not None:
        layer["padding"] = padding
    if form == "same" and (rule != "pytorch" or rng.random() < 0.5):
        layer["same_rule"] = rule
    if mode != "zeros" or rng.random() < 0.2:
        layer["padding_mode"] = mode
    if g != 1 or rng.random() < 0.15:
        layer["groups"] = g
    wshape = [cout, max(1, cin // g)] + kernel
    return dict(layer=layer, nd=nd, cin=cin, cout=cout, sizes=sizes, wshape=wshape, blen=cout,
                desc="k%s s%s d%s pad=%s%s mode=%s g%d" % (
                    _c(kernel), _c(stride), _c(dilation), _c(padding if padding is not None else "-"),
                    "/" + rule if form == "same" else "", mode, g))


def build_conv_transpose(rng, nd, kind):
    smax = 8 if nd < 3 else 4
    kmax = 4 if nd < 3 else 3
    cin, cout, g = _channels(rng, kind, True)
    kernel = _vec(rng, nd, 1, kmax)
    stride = [1] * nd if rng.random() < 0.45 else _vec(rng, nd, 1, 3)
    dilation = [1] * nd if rng.random() < 0.75 else _vec(rng, nd, 1, 2)
    form = rng.choice(["default", "int", "list", "list"])
    ps = [rng.randint(0, max(0, k - 1)) for k in kernel]
    if form == "int":
        ps = [min(ps)] * nd
    outpad = [0] * nd
    if rng.random() < 0.5:
        outpad = [rng.randint(0, max(s, d) - 1) for s, d in zip(stride, dilation)]
    mode = "zeros"
    j = rng.randrange(nd)
    if kind == "output_padding_too_big":
        if rng.random() < 0.5:
            stride[j] = rng.randint(1, 3)
        outpad[j] = max(stride[j], dilation[j]) + rng.choice([0, 0, 1])
    elif kind == "negative_padding":
        form = rng.choice(["int", "list"])
        ps[j] = -rng.randint(1, 2)
        if form == "int":
            ps = [ps[j]] * nd
    elif kind == "stride_nonpositive":
        stride[j] = rng.choice([0, 0, -1])
        outpad = [0] * nd
    elif kind == "padding_mode_not_zeros":
        mode = rng.choice(["reflect", "replicate", "circular"])
    elif kind == "same_padding":
        form = "same"
    sizes = [rng.randint(1, smax) for _ in range(nd)]
    if kind == "output_too_small":
        form = "list"
        sizes[j] = 1
        ps[j] = (dilation[j] * (kernel[j] - 1) + outpad[j] + 1 + 1) // 2 + rng.randint(0, 1)
    else:
        # keep the output >= 1 for ordinary cases
        for i in range(nd):
            while ps[i] > 0 and (sizes[i] - 1) * stride[i] - 2 * ps[i] + dilation[i] * (kernel[i] - 1) \
                    + outpad[i] + 1 < 1 and kind != "negative_padding":
                ps[i] -= 1
    layer = {"type": "conv_transpose", "kernel": _emit(rng, kernel)}
    if stride != [1] * nd or rng.random() < 0.2:
        layer["stride"] = _emit(rng, stride)
    if dilation != [1] * nd or rng.random() < 0.15:
        layer["dilation"] = _emit(rng, dilation)
    if form == "int":
        layer["padding"] = ps[0]
    elif form == "list":
        layer["padding"] = ps
    elif form == "same":
        layer["padding"] = "same"
        # Only PyTorch's rule is refused for transposed layers; ConvScope resolves the
        # TensorFlow and ONNX rules (output = input x stride), which torch cannot express.
        if rng.random() < 0.5:
            layer["same_rule"] = "pytorch"
    if outpad != [0] * nd or rng.random() < 0.15:
        layer["output_padding"] = _emit(rng, outpad)
    if mode != "zeros" or rng.random() < 0.15:
        layer["padding_mode"] = mode
    if g != 1 or rng.random() < 0.15:
        layer["groups"] = g
    cpg = cout // g
    wshape = [cin, cpg] + kernel
    return dict(layer=layer, nd=nd, cin=cin, cout=cpg * g, sizes=sizes, wshape=wshape,
                blen=cpg * g,
                desc="k%s s%s d%s pad=%s op%s mode=%s g%d" % (
                    _c(kernel), _c(stride), _c(dilation), _c(layer.get("padding", "-")),
                    _c(outpad), mode, g))


def build_pool(rng, nd, kind, ltype):
    smax = 12 if nd < 3 else 7
    kmax = 4 if nd < 3 else 3
    avg = ltype == "avg_pool"
    kernel = _vec(rng, nd, 1, kmax)
    stride = None if rng.random() < 0.35 else _vec(rng, nd, 1, 3)
    dilation = [1] * nd
    if not avg and rng.random() < 0.3:
        dilation = _vec(rng, nd, 1, 2)
    ceil_mode = rng.random() < 0.5
    cip = rng.random() < 0.5
    j = rng.randrange(nd)
    if kind in ("pad_gt_half_kernel", "avg3d_input_lt_kernel", "kernel_too_big"):
        kernel[j] = max(kernel[j], 2)
    ps = [rng.randint(0, k // 2) for k in kernel]
    form = rng.choices(["default", "int", "list", "valid"], [0.25, 0.3, 0.35, 0.1])[0]
    if kind == "pad_gt_half_kernel":
        form = "list"
        ps[j] = kernel[j] // 2 + rng.randint(1, 2)
    elif kind == "negative_padding":
        form = "list"
        ps[j] = -1
    elif kind == "stride_nonpositive":
        stride = stride or list(kernel)
        stride[j] = rng.choice([0, 0, -1])
    elif kind == "dilation_unsupported":
        dilation[j] = rng.randint(2, 3)
    elif kind == "kernel_too_big":
        form = "list"
        ps[j] = 0
    elif kind == "avg3d_input_lt_kernel":
        form = "list"
        ps[j] = 1
    if form == "int":
        ps = [min(ps)] * nd
    elif form in ("default", "valid"):
        ps = [0] * nd
    st = stride or kernel
    effk = [d * (k - 1) + 1 for k, d in zip(kernel, dilation)]
    lo = [e - 2 * p - ((s - 1) if ceil_mode and s > 0 else 0) for e, p, s in zip(effk, ps, st)]
    if avg and nd == 3:
        lo = [max(l, k) for l, k in zip(lo, kernel)]  # torch 1.13 avg_pool3d: input >= kernel
    sizes = _pick_sizes(rng, nd, lo, smax)
    if sizes is None:
        return None
    if kind == "kernel_too_big":
        if effk[j] < 2:
            return None
        sizes[j] = rng.randint(1, min(smax, effk[j] - 1))
    elif kind == "avg3d_input_lt_kernel":
        sizes[j] = kernel[j] - 1
    layer = {"type": ltype, "kernel": _emit(rng, kernel)}
    if stride is not None:
        layer["stride"] = _emit(rng, stride)
    if form == "int":
        layer["padding"] = ps[0]
    elif form == "list":
        layer["padding"] = ps
    elif form == "valid":
        layer["padding"] = "valid"
    if dilation != [1] * nd or (not avg and rng.random() < 0.15):
        layer["dilation"] = _emit(rng, dilation)
    if ceil_mode or rng.random() < 0.3:
        layer["ceil_mode"] = ceil_mode
    if avg and (not cip or rng.random() < 0.3):
        layer["count_include_pad"] = cip
    c = rng.randint(1, 6)
    desc = "k%s s%s d%s pad=%s ceil=%d" % (_c(kernel), _c(stride or "-"), _c(dilation),
                                           _c(layer.get("padding", "-")), ceil_mode)
    if avg:
        desc += " cip=%d" % cip
    return dict(layer=layer, nd=nd, cin=c, cout=c, sizes=sizes, wshape=None, blen=None,
                desc=desc)


def _c(v):
    return v if isinstance(v, str) else json.dumps(v, separators=(",", ":"))


def _rand_list(nprng, shape):
    return np.round(nprng.uniform(-1.0, 1.0, size=shape), 4).tolist()


def _yjson(y):
    return np.round(y, 9).tolist()


def build_resample(rng, nd, kind, ltype):
    """A resampling layer: factors 1 to 4 (now and then 5 to 41 on short axes), small inputs."""
    shuffle = ltype in ("pixel_shuffle", "pixel_unshuffle")
    if shuffle:
        nd = 2
    factor = [rng.randint(1, 4) for _ in range(nd)]
    if rng.random() < 0.15 and not shuffle:
        factor[-1] = rng.choice([5, 7, 11, 41])
    if shuffle or rng.random() < 0.5:
        factor = [factor[0]] * nd
    smax = 9 if nd < 3 else 5
    sizes = [rng.randint(1, smax) for _ in range(nd)]
    c = rng.randint(1, 3)
    layer = {"type": ltype}
    key = FACTOR_KEYS[ltype] if rng.random() < 0.8 else "kernel"
    layer[key] = factor[0] if len(set(factor)) == 1 and rng.random() < 0.5 else factor
    r = factor[0]
    if ltype == "pixel_shuffle":
        c = r * r * rng.randint(1, 2)
        if kind == "channels_not_divisible":
            if r == 1:
                return None
            c += rng.randint(1, r * r - 1)
    elif ltype == "pixel_unshuffle":
        sizes = [r * rng.randint(1, 4) for _ in range(nd)]
        if kind == "size_not_divisible":
            if r == 1:
                return None
            sizes[rng.randrange(nd)] += rng.randint(1, r - 1)
    elif kind == "factor_zero":
        factor[rng.randrange(nd)] = 0
        layer[key] = factor
    desc_by = "factor %s" % _c(factor)
    if ltype.startswith("upsample_") and (kind == "factor_and_size" or
                                          (kind is None and rng.random() < 0.35)):
        # To an output size instead (nn.Upsample(size=...)): larger or smaller than the
        # input, rarely a multiple of it.
        out = [rng.randint(1, 3 * smax) for _ in range(nd)]
        if kind is None:
            del layer[key]
        layer["size"] = out[0] if len(set(out)) == 1 and rng.random() < 0.5 else out
        desc_by = "size %s" % _c(out)
    if ltype == "upsample_linear" and rng.random() < 0.5:
        layer["align_corners"] = rng.random() < 0.5
    desc = "%s align=%s" % (desc_by, layer.get("align_corners", "-"))
    return dict(layer=layer, nd=nd, cin=c, cout=c, sizes=sizes, wshape=None, blen=None,
                desc=desc)


RESAMPLE_REFUSALS = {"upsample_nearest": ["factor_zero", "factor_and_size"],
                     "upsample_linear": ["factor_zero", "factor_and_size"],
                     "pixel_shuffle": ["channels_not_divisible"],
                     "pixel_unshuffle": ["size_not_divisible"]}


def gen_case(seed, i, resample=False):
    """One configuration -> list of (request, expected) pairs (conv request, maybe shape)."""
    rng = random.Random("convscope-torch-oracle:%d:%d" % (seed, i))
    nprng = np.random.default_rng([seed & 0xFFFFFFFF, i])
    nd = rng.choices([1, 2, 3], DIM_WEIGHTS)[0]
    ltype = rng.choice(RESAMPLE_TYPES) if resample else rng.choices(LAYER_TYPES, TYPE_WEIGHTS)[0]
    kind = None
    if resample:
        if ltype in ("pixel_shuffle", "pixel_unshuffle"):
            nd = 2
        if rng.random() < P_REFUSE:
            kind = rng.choice(RESAMPLE_REFUSALS[ltype])
    elif rng.random() < P_REFUSE:
        kinds = [k for k in REFUSAL_KINDS[ltype] if k != "avg3d_input_lt_kernel" or nd == 3]
        kind = rng.choice(kinds)
    spec = req = res = None
    for _attempt in range(200):
        if resample:
            spec = build_resample(rng, nd, kind, ltype)
        elif ltype == "conv":
            spec = build_conv(rng, nd, kind)
        elif ltype == "conv_transpose":
            spec = build_conv_transpose(rng, nd, kind)
        else:
            spec = build_pool(rng, nd, kind, ltype)
        if spec is None:
            continue
        n = rng.randint(1, 2)
        layer = dict(spec["layer"])
        if ltype in ("conv", "conv_transpose") and rng.random() < 0.4:
            layer["in_channels"] = spec["cin"]
            layer["out_channels"] = spec["cout"]
        req = {"op": "conv", "layer": layer,
               "x": _rand_list(nprng, [n, spec["cin"]] + spec["sizes"])}
        if spec["wshape"] is not None:
            req["w"] = _rand_list(nprng, spec["wshape"])
            if rng.random() < 0.7:
                req["b"] = _rand_list(nprng, [spec["blen"]])
        res = evaluate(req)
        refused = bool(res.get("refused"))
        if refused != (kind is not None):
            continue
        if not refused and not np.all(np.isfinite(res["y"])):
            continue  # e.g. a dilated max-pool window lying entirely in padding (-inf)
        break
    else:
        raise RuntimeError("case %d: could not build a %s %dd case of kind %s"
                           % (i, ltype, nd, kind))
    cid = "%05d" % i
    base_desc = "%s%dd N%d C%d->%d in%s %s" % (ltype, nd, len(req["x"]), spec["cin"], spec["cout"],
                                             _c(spec["sizes"]), spec["desc"])
    if kind:
        base_desc += " [want refuse: %s]" % kind
    meta = {"layer_type": ltype, "ndim": nd, "kind": kind or "ok"}
    out = []
    exp = dict(id=cid, desc=base_desc, op="conv", **meta)
    if res.get("refused"):
        exp.update(refused=True, torch_error=res["torch_error"])
    else:
        exp.update(output=res["output"], y=_yjson(res["y"]))
    out.append((req, exp))
    if rng.random() < 1.0 / 3.0:
        slayer = dict(spec["layer"])
        if ltype in ("conv", "conv_transpose") or resample:
            slayer["in_channels"] = spec["cin"]
        if ltype in ("conv", "conv_transpose"):
            slayer["out_channels"] = spec["cout"]
        sreq = {"op": "shape", "input": list(spec["sizes"]), "layer": slayer}
        sres = evaluate(sreq)
        if bool(sres.get("refused")) != bool(res.get("refused")) or (
                not sres.get("refused") and sres["output"] != res["output"][2:]):
            raise RuntimeError("case %d: shape request disagrees with conv request: %r vs %r"
                               % (i, sres, {k: v for k, v in res.items() if k != "y"}))
        sexp = dict(id=cid + "-shape", desc="shape " + base_desc, op="shape", **meta)
        if sres.get("refused"):
            sexp.update(refused=True, torch_error=sres["torch_error"])
        else:
            sexp.update(output=sres["output"])
        out.append((sreq, sexp))
    return out


def generate(count, seed, out_cases, out_expected, quiet=False, resample_count=400):
    torch.manual_seed(seed)
    t0 = time.time()
    n_lines = n_refused = 0
    kinds = collections.Counter()
    with open(out_cases, "w") as fc, open(out_expected, "w") as fe:
        for i in range(count + resample_count):
            for req, exp in gen_case(seed, i, resample=i >= count):
                fc.write(json.dumps(req, separators=(",", ":")) + "\n")
                fe.write(json.dumps(exp, separators=(",", ":")) + "\n")
                n_lines += 1
                if exp.get("refused"):
                    n_refused += 1
                if exp["op"] == "conv":
                    kinds[exp["kind"]] += 1
    dt = time.time() - t0
    if not quiet:
        nconf_ref = sum(v for k, v in kinds.items() if k != "ok")
        print("generated %d configurations -> %d request lines (%d expected refused, %d of %d "
              "configurations) in %.2f s" % (count, n_lines, n_refused, nconf_ref, count, dt))
        print("refusal kinds: " + ", ".join("%s=%d" % kv for kv in sorted(kinds.items())
                                            if kv[0] != "ok"))
        print("cases:    %s\nexpected: %s" % (out_cases, out_expected))
    return dict(lines=n_lines, refused=n_refused, seconds=dt, kinds=kinds)


# --------------------------------------------------------------------------------------
# Compare
# --------------------------------------------------------------------------------------

def _flatten(v, shape, path, out):
    """Flatten nested list v that must have exactly `shape`; return an error string or None."""
    if not shape:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            return "y%s is %s, not a number" % (path, _short(v))
        out.append((path, float(v)))
        return None
    if not isinstance(v, list) or len(v) != shape[0]:
        return "y%s: expected a list of %d, got %s" % (path, shape[0], _short(v))
    for i, e in enumerate(v):
        err = _flatten(e, shape[1:], path + "[%d]" % i, out)
        if err:
            return err
    return None


def _short(v, n=80):
    s = json.dumps(v) if not isinstance(v, str) else repr(v)
    return s if len(s) <= n else s[:n] + "..."


def check_one(exp, resp_line, rtol, atol):
    """-> list of problem strings (empty = pass)."""
    if resp_line is None:
        return ["missing response line"]
    try:
        resp = json.loads(resp_line)
    except ValueError as e:
        return ["unparseable response (%s): %s" % (e, _short(resp_line))]
    if not isinstance(resp, dict):
        return ["response is not a JSON object: %s" % _short(resp)]
    if exp.get("refused"):
        if "error" in resp:
            return []
        return ["torch refused (%s) but response has no \"error\": output=%s"
                % (exp["torch_error"], _short(resp.get("output")))]
    if "error" in resp:
        return ["torch accepted (output %s) but response is an error: %s"
                % (exp["output"], _short(resp["error"], 200))]
    got_out = resp.get("output")
    if got_out != exp["output"] or not all(_is_int(v) for v in got_out or []):
        return ["output %s != torch %s" % (_short(got_out), exp["output"])]
    if exp["op"] != "conv":
        return []
    if "y" not in resp:
        return ["response has no \"y\""]
    ref, got = [], []
    err = _flatten(exp["y"], exp["output"], "", ref)
    if err:
        return ["bad expected file: " + err]
    err = _flatten(resp["y"], exp["output"], "", got)
    if err:
        return [err]
    probs, nbad = [], 0
    for (p, r), (_, g) in zip(ref, got):
        if not (abs(g - r) <= atol + rtol * abs(r)):  # also catches NaN
            nbad += 1
            if len(probs) < 4:
                probs.append("y%s=%r torch %r (|diff| %.3g)" % (p, g, r, abs(g - r)))
    if nbad:
        probs[0] = "%d of %d values differ: " % (nbad, len(ref)) + probs[0]
    return probs


def compare(cases_path, expected_path, responses_path, rtol=1e-4, atol=1e-5, out=None):
    out = out or sys.stdout
    with open(expected_path) as f:
        expected = [json.loads(l) for l in f.read().splitlines()]
    with open(cases_path) as f:
        cases = f.read().splitlines()
    with open(responses_path) as f:
        responses = f.read().splitlines()
    if len(cases) != len(expected):
        print("warning: %d case lines but %d expected lines" % (len(cases), len(expected)), file=out)
    if len(responses) > len(expected):
        print("warning: %d extra response lines ignored" % (len(responses) - len(expected)),
              file=out)
    stats = collections.defaultdict(lambda: [0, 0])
    by_what = collections.Counter()
    passed = failed = 0
    for i, exp in enumerate(expected):
        resp = responses[i] if i < len(responses) else None
        probs = check_one(exp, resp, rtol, atol)
        key = (exp["layer_type"], exp["ndim"], exp["op"])
        if probs:
            failed += 1
            stats[key][1] += 1
            by_what["torch refused" if exp.get("refused") else "torch accepted"] += 1
            layer = ""
            if i < len(cases):
                try:
                    layer = " layer=" + _c(json.loads(cases[i]).get("layer"))
                except ValueError:
                    pass
            print("FAIL line %d id=%s %s: %s |%s" % (i + 1, exp["id"], exp["desc"],
                                                     "; ".join(probs), layer), file=out)
        else:
            passed += 1
            stats[key][0] += 1
    print("summary by layer type and dimension (passed/failed; conv ops + shape ops):", file=out)
    print("  %-15s %-14s %-14s %-14s" % ("", "1d", "2d", "3d"), file=out)
    for t in LAYER_TYPES + RESAMPLE_TYPES:
        cells = []
        for nd in (1, 2, 3):
            p = sum(stats[(t, nd, op)][0] for op in ("conv", "shape"))
            fl = sum(stats[(t, nd, op)][1] for op in ("conv", "shape"))
            cells.append("%d/%d" % (p, fl))
        print("  %-15s %-14s %-14s %-14s" % (t, *cells), file=out)
    for op in ("conv", "shape"):
        p = sum(v[0] for k, v in stats.items() if k[2] == op)
        fl = sum(v[1] for k, v in stats.items() if k[2] == op)
        print("  op %-12s %d passed, %d failed" % (op, p, fl), file=out)
    if failed:
        print("  failures where " + ", ".join("%s: %d" % kv for kv in sorted(by_what.items())),
              file=out)
    print("differential: %d passed, %d failed" % (passed, failed), file=out)
    return passed, failed, (0 if failed == 0 else 1)


# --------------------------------------------------------------------------------------
# Self-check
# --------------------------------------------------------------------------------------

def self_check():
    ok = True
    notes = []

    def check(cond, what):
        nonlocal ok
        notes.append(("ok  " if cond else "FAIL") + " " + what)
        ok = ok and bool(cond)

    with tempfile.TemporaryDirectory(prefix="convscope-oracle-") as td:
        P = lambda n: os.path.join(td, n)
        st = generate(200, 12345, P("cases.jsonl"), P("expected.jsonl"), quiet=True)
        check(True, "generated 200 configurations -> %d lines, %d refused, %.2f s"
              % (st["lines"], st["refused"], st["seconds"]))
        generate(200, 12345, P("cases2.jsonl"), P("expected2.jsonl"), quiet=True)
        same = all(open(P(a), "rb").read() == open(P(b), "rb").read()
                   for a, b in (("cases.jsonl", "cases2.jsonl"),
                                ("expected.jsonl", "expected2.jsonl")))
        check(same, "generation is deterministic (same seed -> identical files)")
        generate(50, 12345, P("cases3.jsonl"), P("expected3.jsonl"), quiet=True)
        big, small = open(P("cases.jsonl")).read(), open(P("cases3.jsonl")).read()
        check(big.startswith(small), "a shorter run is a prefix of a longer one (per-case seeding)")

        expected = [json.loads(l) for l in open(P("expected.jsonl"))]
        cases = [json.loads(l) for l in open(P("cases.jsonl"))]
        frac = sum(1 for e in expected if e.get("refused")) / len(expected)
        check(0.08 <= frac <= 0.25, "refused fraction %.1f%% is about 15%%" % (100 * frac))
        types = collections.Counter((e["layer_type"], e["ndim"]) for e in expected)
        check(len(types) == 12, "all 4 layer types x 3 dims present (%d combos)" % len(types))
        check(any(e["op"] == "shape" for e in expected), "shape requests present")

        def responses_from(exp_list):
            lines = []
            for e in exp_list:
                if e.get("refused"):
                    lines.append(json.dumps({"error": "x"}))
                elif e["op"] == "conv":
                    lines.append(json.dumps({"output": e["output"], "y": e["y"]}))
                else:
                    lines.append(json.dumps({"output": e["output"], "pads": [],
                                             "effective_kernel": []}))
            return lines

        def run(lines, label, want_failed):
            with open(P("resp.jsonl"), "w") as f:
                f.write("".join(l + "\n" for l in lines))
            buf = io.StringIO()
            p, fl, status = compare(P("cases.jsonl"), P("expected.jsonl"), P("resp.jsonl"),
                                    out=buf)
            last = buf.getvalue().rstrip("\n").splitlines()[-1]
            good = (fl == want_failed and status == (1 if want_failed else 0)
                    and re.fullmatch(r"differential: \d+ passed, \d+ failed", last) is not None
                    and p + fl == len(expected))
            check(good, "%s -> '%s' (want %d failed)" % (label, last, want_failed))
            if not good:
                sys.stdout.write(buf.getvalue())
            return buf.getvalue()

        perfect = responses_from(expected)
        run(perfect, "responses built from expected", 0)

        i_acc = next(i for i, e in enumerate(expected) if e["op"] == "conv" and not e.get("refused"))
        bad = [json.loads(l) for l in perfect]
        leaf = bad[i_acc]["y"]
        while isinstance(leaf[0], list):
            leaf = leaf[0]
        leaf[0] += 0.5
        bad = [json.dumps(r) for r in bad]
        text = run(bad, "one y value corrupted by +0.5", 1)
        check(("id=%s " % expected[i_acc]["id"]) in text, "failure report names id %s"
              % expected[i_acc]["id"])

        def scaled(v, s):
            return [scaled(e, s) for e in v] if isinstance(v, list) else v * s
        tiny = [json.loads(l) for l in perfect]
        for r in tiny:
            if "y" in r:
                r["y"] = scaled(r["y"], 1 + 2e-6)
        run([json.dumps(r) for r in tiny], "all y scaled by (1+2e-6), within tolerance", 0)

        i_ref = next(i for i, e in enumerate(expected) if e.get("refused"))
        r2 = list(perfect)
        r2[i_ref] = json.dumps({"output": [1, 1, 1]})
        run(r2, "a torch refusal answered with an output", 1)
        r3 = list(perfect)
        r3[i_acc] = json.dumps({"error": "refused"})
        run(r3, "a torch acceptance answered with an error", 1)
        r4 = list(perfect)
        r4[i_acc] = "{not json"
        run(r4, "an unparseable response line", 1)
        run(perfect[:-1], "a missing last response line", 1)
        r5 = [json.loads(l) for l in perfect]
        r5[i_acc]["output"] = r5[i_acc]["output"][:-1] + [r5[i_acc]["output"][-1] + 1]
        run([json.dumps(r) for r in r5], "a wrong output shape", 1)

        # Documented PyTorch claims the generator relies on.
        x = torch.tensor(_rand_list(np.random.default_rng(7), [1, 2, 9, 8]), dtype=torch.float64)
        w = torch.tensor(_rand_list(np.random.default_rng(8), [3, 2, 4, 3]), dtype=torch.float64)
        y_same = F.conv2d(x, w, padding="same", dilation=(1, 2))
        # total = d*(k-1): H 3 -> (1, 2), W 4 -> (2, 2); torch puts the odd extra after.
        y_man = F.conv2d(F.pad(x, [2, 2, 1, 2]), w, dilation=(1, 2))
        check(torch.allclose(y_same, y_man), "torch 'same' puts the odd extra pad after")
        for rule in ("tensorflow", "onnx_upper"):
            req = {"op": "conv", "layer": {"type": "conv", "kernel": [4, 3], "dilation": [1, 2],
                                           "padding": "same", "same_rule": rule},
                   "x": x.tolist(), "w": w.tolist()}
            r = evaluate(req)
            check(not r.get("refused") and np.allclose(r["y"], y_same.numpy()),
                  "same_rule %s == pytorch 'same' at stride 1" % rule)
        check(same_pads("onnx_lower", [5], [4], [1], [1]) == [[2, 1]]
              and same_pads("tensorflow", [5], [4], [1], [1]) == [[1, 2]]
              and same_pads("tensorflow", [7], [3], [2], [1]) == [[1, 1]]
              and same_pads("tensorflow", [8], [3], [2], [1]) == [[0, 1]],
              "same_pads formula spot values")

    for n in notes:
        print(n)
    print("self-check: %s" % ("PASS" if ok else "FAIL"))
    return 0 if ok else 1


# --------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate", help="write cases.jsonl and expected.jsonl")
    g.add_argument("--count", type=int, required=True)
    g.add_argument("--seed", type=int, required=True)
    g.add_argument("--out-cases", required=True)
    g.add_argument("--out-expected", required=True)
    c = sub.add_parser("compare", help="compare convscope responses with torch")
    c.add_argument("--cases", required=True)
    c.add_argument("--expected", required=True)
    c.add_argument("--responses", required=True)
    c.add_argument("--rtol", type=float, default=1e-4)
    c.add_argument("--atol", type=float, default=1e-5)
    sub.add_parser("self-check", help="verify this script without the C++ build")
    a = ap.parse_args(argv)
    if a.cmd == "generate":
        generate(a.count, a.seed, a.out_cases, a.out_expected)
        return 0
    if a.cmd == "compare":
        return compare(a.cases, a.expected, a.responses, a.rtol, a.atol)[2]
    return self_check()


if __name__ == "__main__":
    sys.exit(main())
