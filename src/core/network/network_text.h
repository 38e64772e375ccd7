// Networks from text: the links' stack tokens, the fomoro receptive-field calculator's fragment
// ("#3,1,1,SAME;2,2,1, VALID", one kernel,stride,dilation,padding per layer) in both directions,
// and the text PyTorch prints for a model (print(model)), read in print order into a chain of
// layers with notes on everything ignored, assumed or not expressible.
#pragma once

#include <string>
#include <vector>

#include "core/network/network.h"

namespace convscope {

struct TextNote {
    int line = 0;  // 1-based line of the text; 0: about the whole text
    std::string message;
};

struct ParsedNetwork {
    Network network;                 // input stays empty: neither form carries one
    std::string format;              // "fomoro", "tokens" or "torch"
    std::vector<TextNote> notes;     // ignored modules, assumed defaults, approximations
    std::vector<TextNote> unparsed;  // lines that could not be read, with their text
    // print(model) only: where the chain read in print order may give wrong figures, each
    // naming the module and the figures to doubt, in print order, then always a last note on
    // the root's forward() (the order modules are read in). Empty for the other forms.
    std::vector<TextNote> warnings;
};

// Layers from a fomoro fragment. Accepts the fragment with or without '#', or a whole
// link (everything up to the last '#' is skipped); blanks are ignored, an empty layer
// (";;" or a trailing ';') is skipped. Per layer: kernel, stride, dilation (whole numbers)
// and padding: VALID, SAME (TensorFlow's rule, as TensorFlow-based calculators use) or a
// number of cells on each side. Every layer is a convolution with these values in all
// `dims` dimensions (1-3). Throws Error naming the layer and the field that is wrong.
ParsedNetwork ParseFomoro(const std::string& text, int dims);

// The fomoro fragment of a stack, starting with '#'. Pooling layers are written like
// convolutions (their field is the same). Throws Error naming the first layer that has no
// fomoro form: transposed convolutions, values that differ between dimensions, asymmetric
// padding, ONNX's lower same rule, strided PyTorch 'same', 'full', ceil_mode, padding modes
// other than zeros.
std::string FomoroText(const std::vector<Layer>& layers);

struct TorchParseOptions {
    int dims = 0;  // 0: taken from the first convolution, pooling or padding
    // Modules named "downsample" or "shortcut" (torchvision's ResNet projection, and the
    // usual name elsewhere) are a residual branch, not part of the main path: skip them.
    bool skip_shortcuts = true;
};

// Layers from print(model) text (PyTorch 1.x/2.x module reprs, including ModuleList's
// "(0-2): 3 x Block(" compression). Read in print order, which is the order modules were
// registered and usually, not always, the order forward() runs them (`warnings` says where
// it is not: sibling branches or a projection read in series, a stride applied twice, a
// decoder registered before its encoder, a squeeze-excitation gate, padding in forward()):
//  - Conv1d/2d/3d and ConvTranspose1d/2d/3d (every printed argument, padding='same'/'valid',
//    padding_mode), MaxPool/AvgPool/LPPool (LPPool as average pooling: same field);
//  - ZeroPad/ConstantPad/ReflectionPad/ReplicationPad/CircularPad as a 1x1 convolution with
//    that padding; Upsample and UpsamplingNearest with mode=nearest and a whole scale_factor
//    as a transposed convolution with kernel = stride = scale (the same field);
//  - adaptive pooling, other upsampling, PixelShuffle/PixelUnshuffle, Fold/Unfold and
//    Unflatten depend on sizes the text does not fix: reading stops there, with a note;
//  - squeeze-excitation gates (modules named se, SqueezeExcitation, SEModule, ...) are side
//    paths that keep the size: skipped, with a warning;
//  - anything else (BatchNorm, ReLU, Linear, Dropout, Identity, unknown modules) is ignored
//    with one note per module type.
// Never throws for any text; problems become notes and unparsed lines.
ParsedNetwork ParseTorchPrint(const std::string& text, const TorchParseOptions& options = {});

// Layers from the links' stack tokens ("c3p1;c3p1;m2", core/layer/layer_text.h) in `dims`
// dimensions (1-3). Throws Error naming the first token that is wrong.
ParsedNetwork ParseStackTokens(const std::string& text, int dims);

// "fomoro", "tokens", "torch" or "auto" (a text with '(' is PyTorch's, one without ',' that
// starts with a token letter is stack tokens, anything else fomoro's). Throws Error for an
// unknown format or a bad fomoro fragment or token.
ParsedNetwork ParseNetworkText(const std::string& text, const std::string& format, int dims);

}  // namespace convscope
