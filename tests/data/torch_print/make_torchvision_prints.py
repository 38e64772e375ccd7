# Writes print(model) of twelve torchvision models (Debian's python3-torchvision, random
# weights, nothing downloaded) and of a tutorial-style U-Net, with what PyTorch computes for
# each: the size of the last feature map before the classifier's global pooling, and the
# input cells its central unit depends on (autograd with positive weights, max pooling
# replaced by average pooling over the same windows, so every cell of a window has a
# gradient, ReLU6 by ReLU). The network-text tests check which of these texts read as an exact chain and
# which get a warning naming the module that makes the chain wrong.
#   usage: /usr/bin/python3 tests/data/torch_print/make_torchvision_prints.py  (from the root)
import json
import os
import warnings

import torch
import torch.nn as nn
import torchvision.models as tvm

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))


class DoubleConv(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(cin, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))

    def forward(self, x):
        return self.conv(x)


class UNet(nn.Module):
    """The U-Net of a popular tutorial: `ups` is registered before `downs`, so the print lists
    the decoder first although forward() runs the encoder first."""

    def __init__(self, in_channels=3, out_channels=1, features=(64, 128, 256, 512)):
        super().__init__()
        self.ups = nn.ModuleList()
        self.downs = nn.ModuleList()
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        for feature in features:
            self.downs.append(DoubleConv(in_channels, feature))
            in_channels = feature
        for feature in reversed(features):
            self.ups.append(nn.ConvTranspose2d(feature * 2, feature, kernel_size=2, stride=2))
            self.ups.append(DoubleConv(feature * 2, feature))
        self.bottleneck = DoubleConv(features[-1], features[-1] * 2)
        self.final_conv = nn.Conv2d(features[0], out_channels, kernel_size=1)

    def forward(self, x):
        skips = []
        for down in self.downs:
            x = down(x)
            skips.append(x)
            x = self.pool(x)
        x = self.bottleneck(x)
        skips = skips[::-1]
        for i in range(0, len(self.ups), 2):
            x = self.ups[i](x)
            x = self.ups[i + 1](torch.cat((skips[i // 2], x), dim=1))
        return self.final_conv(x)


# name: (model, input size, where the last feature map is read: ("input"|"output", module)).
# Inputs larger than 224 where the field would otherwise be clipped by the input's edges
# (GoogLeNet's central unit reads 379 cells of 1024; the chain read in print order says 1019).
MODELS = {
    "googlenet": (lambda: tvm.googlenet(weights=None, aux_logits=False, init_weights=False),
                  1024, ("input", "avgpool")),
    "inception_v3": (lambda: tvm.inception_v3(weights=None, aux_logits=False, init_weights=False),
                     299, ("input", "avgpool")),
    "shufflenet_v2_x1_0": (lambda: tvm.shufflenet_v2_x1_0(weights=None), 224, ("output", "conv5")),
    "regnet_y_400mf": (lambda: tvm.regnet_y_400mf(weights=None), 224, ("input", "avgpool")),
    "resnet18": (lambda: tvm.resnet18(weights=None), 512, ("input", "avgpool")),
    "resnet50": (lambda: tvm.resnet50(weights=None), 512, ("input", "avgpool")),
    "vgg16": (lambda: tvm.vgg16(weights=None), 224, ("input", "avgpool")),
    "alexnet": (lambda: tvm.alexnet(weights=None), 224, ("input", "avgpool")),
    "mobilenet_v2": (lambda: tvm.mobilenet_v2(weights=None), 640, ("output", "features")),
    "squeezenet1_0": (lambda: tvm.squeezenet1_0(weights=None), 224, ("output", "classifier.1")),
    "densenet121": (lambda: tvm.densenet121(weights=None), 224, ("output", "features")),
    "convnext_tiny": (lambda: tvm.convnext_tiny(weights=None), 224, ("input", "avgpool")),
    "unet_ups_first": (lambda: UNet(), 224, ("output", "final_conv")),
}


def central_unit_field(model, size, where):
    """The last feature map's spatial size and the input cells its central unit reads."""
    model.eval().double()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
                m.weight.copy_(m.weight.abs() + 1e-3)
    for parent in list(model.modules()):
        for child_name, child in parent.named_children():
            if isinstance(child, nn.MaxPool2d):
                setattr(parent, child_name, nn.AvgPool2d(child.kernel_size, child.stride,
                                                         child.padding, child.ceil_mode))
            elif isinstance(child, nn.ReLU6):
                # Positive weights push activations past 6, where ReLU6 has no gradient.
                setattr(parent, child_name, nn.ReLU())
    kind, name = where
    captured = {}
    module = dict(model.named_modules())[name]

    def hook(_m, inputs, output):
        captured["map"] = inputs[0] if kind == "input" else output

    module.register_forward_hook(hook)
    x = torch.rand(1, 3, size, size, dtype=torch.float64, requires_grad=True)
    model(x)
    fmap = captured["map"]
    h, w = fmap.shape[2], fmap.shape[3]
    fmap[0, :, (h - 1) // 2, (w - 1) // 2].sum().backward()
    support = x.grad.abs().sum(dim=(0, 1)) > 0
    rows = support.any(dim=1).nonzero().flatten()
    cols = support.any(dim=0).nonzero().flatten()
    return [h, w], [[int(rows.min()), int(rows.max())], [int(cols.min()), int(cols.max())]]


def main():
    torch.manual_seed(0)
    truth = {}
    for name, (build, size, where) in MODELS.items():
        model = build()
        with open(os.path.join(HERE, "tv_" + name + ".txt"), "w") as f:
            f.write(str(model) + "\n")
        output, central = central_unit_field(model, size, where)
        truth[name] = {"input": [size, size], "output": output, "central_unit_input_range": central}
        print(name, truth[name])
    with open(os.path.join(HERE, "torchvision.json"), "w") as f:
        json.dump(truth, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
