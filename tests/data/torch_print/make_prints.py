# Writes the print(model) texts the network-text parser is tested against, and the output
# sizes PyTorch computes for the models that are plain chains. torchvision is not needed:
# the ResNet and VGG modules are rebuilt here with torchvision's module names and order.
#   usage: /usr/bin/python3 tests/data/torch_print/make_prints.py   (from the repository root)
import json
import os

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, cin, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        return self.relu(self.bn2(self.conv2(out)) + identity)


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, cin, planes, stride=1, downsample=None):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, planes * 4, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * 4)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = downsample

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        return self.relu(self.bn3(self.conv3(out)) + identity)


class ResNet(nn.Module):
    def __init__(self, block, layers, classes=1000):
        super().__init__()
        self.inplanes = 64
        self.conv1 = nn.Conv2d(3, 64, 7, 2, 3, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(3, 2, 1)
        self.layer1 = self._make(block, 64, layers[0])
        self.layer2 = self._make(block, 128, layers[1], 2)
        self.layer3 = self._make(block, 256, layers[2], 2)
        self.layer4 = self._make(block, 512, layers[3], 2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512 * block.expansion, classes)

    def _make(self, block, planes, blocks, stride=1):
        downsample = None
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(nn.Conv2d(self.inplanes, planes * block.expansion, 1, stride, bias=False),
                                       nn.BatchNorm2d(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, downsample)]
        self.inplanes = planes * block.expansion
        layers += [block(self.inplanes, planes) for _ in range(1, blocks)]
        return nn.Sequential(*layers)

    def trunk(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))


def vgg16():
    cfg = [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M']
    layers, cin = [], 3
    for v in cfg:
        if v == 'M':
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
        else:
            layers += [nn.Conv2d(cin, v, kernel_size=3, padding=1), nn.ReLU(inplace=True)]
            cin = v
    model = nn.Module()
    model.features = nn.Sequential(*layers)
    model.avgpool = nn.AdaptiveAvgPool2d((7, 7))
    model.classifier = nn.Sequential(nn.Linear(512 * 7 * 7, 4096), nn.ReLU(True), nn.Dropout(),
                                     nn.Linear(4096, 4096), nn.ReLU(True), nn.Dropout(), nn.Linear(4096, 1000))
    return model


def patchgan():
    # pix2pix's 70x70 discriminator (NLayerDiscriminator with n_layers=3) on input+target.
    seq = [nn.Conv2d(6, 64, 4, 2, 1), nn.LeakyReLU(0.2, True)]
    cin = 64
    for cout, stride in [(128, 2), (256, 2), (512, 1)]:
        seq += [nn.Conv2d(cin, cout, 4, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.LeakyReLU(0.2, True)]
        cin = cout
    seq += [nn.Conv2d(512, 1, 4, 1, 1)]
    return nn.Sequential(*seq)


def wavenet():
    # Causal dilated stack: each layer pads its dilation on the left only.
    seq = []
    for i in range(10):
        d = 2 ** i
        seq += [nn.ConstantPad1d((d, 0), 0.0), nn.Conv1d(32, 32, 2, dilation=d), nn.Tanh()]
    return nn.Sequential(*seq)


class Odd(nn.Module):
    # A module whose print is not PyTorch's layer syntax.
    def extra_repr(self):
        return 'weird :: {not a layer}'


def mixed():
    model = nn.Sequential()
    model.add_module('stem', nn.Sequential(nn.ReflectionPad2d(3), nn.Conv2d(3, 32, 7),
                                           nn.InstanceNorm2d(32), nn.ReLU(True)))
    model.add_module('down', nn.Conv2d(32, 64, 3, stride=2, padding=1, padding_mode='reflect', groups=32))
    model.add_module('same', nn.Conv2d(64, 64, 3, padding='same', dilation=2, bias=False))
    model.add_module('pool', nn.AvgPool2d(2))
    model.add_module('odd', Odd())
    model.add_module('up', nn.ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1))
    model.add_module('zero', nn.ZeroPad2d((1, 0, 2, 0)))
    model.add_module('max', nn.MaxPool2d((3, 2), stride=(2, 1), padding=(1, 0), dilation=(2, 1), ceil_mode=True))
    model.add_module('near', nn.Upsample(scale_factor=2, mode='nearest'))
    model.add_module('valid', nn.Conv2d(32, 16, (1, 5), padding='valid'))
    model.add_module('head', nn.AdaptiveAvgPool2d(1))
    model.add_module('late', nn.Conv2d(16, 8, 1))
    return model


def first_unit_range(model, run, shape, batch):
    # The input cells the first output unit depends on, by autograd: positive weights and a
    # positive input keep every ReLU open, and a batch of random inputs lets every cell of a
    # max-pooling window be the maximum at least once. Returned per spatial dimension.
    model.eval()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.ConvTranspose1d, nn.ConvTranspose2d)):
                m.weight.abs_()
                m.weight.add_(1e-3)
    x = torch.rand((batch,) + tuple(shape[1:]), requires_grad=True)
    y = run(x)
    y[(slice(None), slice(None)) + (0,) * (y.dim() - 2)].sum().backward()
    support = x.grad.abs().sum(dim=(0, 1)) > 0
    ranges = []
    for d in range(support.dim()):
        other = tuple(i for i in range(support.dim()) if i != d)
        axis = support.sum(dim=other) > 0 if other else support
        idx = axis.nonzero().flatten()
        ranges.append([int(idx.min()), int(idx.max())])
    return ranges


def main():
    torch.manual_seed(0)
    expect = {}

    def write(name, model, text_input=None, run=None, batch=1, swap_max_pool=False):
        with open(os.path.join(HERE, name + '.txt'), 'w') as f:
            f.write(str(model) + '\n')
        if text_input is not None:
            with torch.no_grad():
                y = run(torch.zeros(text_input))
            entry = {'input': list(text_input[2:]), 'output': list(y.shape[2:])}
            for parent in model.modules():
                for child_name, child in parent.named_children():
                    if swap_max_pool and isinstance(child, nn.MaxPool2d):
                        # Average pooling with the same window: the same field, no argmax.
                        setattr(parent, child_name, nn.AvgPool2d(child.kernel_size, child.stride, child.padding))
                    if isinstance(child, nn.InstanceNorm2d):
                        # Its statistics couple every cell of a map; the parser ignores it.
                        setattr(parent, child_name, nn.Identity())
            entry['first_unit_input_range'] = first_unit_range(model, run, text_input, batch)
            expect[name] = entry

    # The ResNets run forward WITH their residual branches: the field of the first unit is
    # still the main path's, since every shortcut's field lies inside it.
    resnet18 = ResNet(BasicBlock, [2, 2, 2, 2])
    write('resnet18', resnet18, (1, 3, 224, 224), resnet18.trunk, swap_max_pool=True)
    resnet50 = ResNet(Bottleneck, [3, 4, 6, 3])
    write('resnet50', resnet50, (1, 3, 224, 224), resnet50.trunk, swap_max_pool=True)
    vgg = vgg16()
    write('vgg16', vgg, (1, 3, 224, 224), vgg.features, swap_max_pool=True)
    pg = patchgan()
    write('patchgan', pg, (1, 6, 256, 256), pg)
    wn = wavenet()
    write('wavenet', wn, (1, 32, 4096), wn)
    mx = mixed()
    chain = nn.Sequential(*[m for name, m in mx.named_children() if name not in ('odd', 'head', 'late')])
    write('mixed', mx, (1, 3, 64, 48), chain, batch=256)
    with open(os.path.join(HERE, 'expect.json'), 'w') as f:
        json.dump(expect, f, indent=1, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    main()
