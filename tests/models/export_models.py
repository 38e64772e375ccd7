#!/usr/bin/python3
"""Exports torchvision models with random weights (no downloads) to ONNX for the tests that
open models in the page and the desktop program.

usage: export_models.py OUT_FOLDER NAME[:OPSET]...   (run with Debian's /usr/bin/python3)
  e.g. export_models.py /tmp/models resnet18:13 densenet121:14
"""
import os
import sys
import warnings

import torch
import torchvision

warnings.filterwarnings("ignore")
torch.manual_seed(0)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for spec in sys.argv[2:]:
        name, _, opset = spec.partition(":")
        path = os.path.join(out, f"{name}.onnx")
        if os.path.exists(path):
            continue
        model = getattr(torchvision.models, name)(weights=None).eval()
        torch.onnx.export(model, torch.randn(1, 3, 224, 224), path, opset_version=int(opset or 13),
                          input_names=["input"], output_names=["output"])
        print(f"{path}: {os.path.getsize(path):,} bytes", flush=True)


if __name__ == "__main__":
    main()
