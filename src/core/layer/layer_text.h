// The link grammar, shared by the application's links, the CLI, the JSON API and the
// presets: sizes per dimension ("5", "5x7"), layer tokens ("c3s2p1", "m2", "c2d4p4:0") and
// stacks of them ("c3p1;c3p1;m2"). The JSON form is layer_json.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/layer/layer.h"

namespace convscope {

inline constexpr size_t kMaxStackLayers = 256;

// `text` cut at every `sep`; a trailing separator gives a last empty part (so "5x" is seen
// as malformed rather than as "5").
std::vector<std::string> SplitText(const std::string& text, char sep);

// Reads digits at `pos` (at most 7); false when there are none or the number is out of
// [lo, hi].
bool ReadNumberAt(const std::string& text, size_t& pos, int64_t lo, int64_t hi, int64_t& out);

// The whole of `text` as one number in [lo, hi] (digits only, at most 7).
bool ReadNumber(const std::string& text, int64_t lo, int64_t hi, int64_t& out);

// Reads "3" (every dimension) or "3x1" (one value per dimension) at `pos`.
bool ReadPerDimAt(const std::string& text, size_t& pos, int dims, int64_t lo, int64_t hi,
                  std::vector<int64_t>& out);

// The whole of `text` as 1 to 3 values ("5", "5x7", "5x7x3"), each in [lo, hi].
bool ReadExtents(const std::string& text, int64_t lo, int64_t hi, Extents& out);

// Values a link gives ("5x7") in `dims` dimensions: several values name the last
// dimensions and the others keep `current`'s; one value stands for every dimension when
// `one_for_all`, else for the last.
Extents FitExtents(const Extents& given, const Extents& current, int dims, bool one_for_all);

// "3" when every dimension has the same value, else "3x1".
std::string PerDimText(const std::vector<int64_t>& values);

// One layer token: a type letter (the token column of layer_types.inc: c conv, t transposed
// conv, m max pool, a avg pool, n nearest upsampling, b linear upsampling, x pixel shuffle,
// u pixel unshuffle), the kernel or factor ("3", "3x1" or "3x3x3"), then options: s stride,
// d dilation, p padding ("p1", "p1x0", "p2:0" before:after, "ps" TensorFlow same, "pv"
// valid), o output_padding, c out channels, C ceil_mode, A align_corners. Nearest and linear
// upsampling take "@" and an output size instead of the factor ("b@56x56", nn.Upsample(size=)).
// Examples: "c3p1", "m2s2", "t2s2", "c2d4p4:0" (causal), "c7s2p3c64", "n2", "b2A", "x2",
// "n@7". Returns false with
// `error` naming the token and what is wrong.
bool ParseLayerToken(const std::string& token, int dims, Layer& layer, std::string& error);
std::string LayerToken(const Layer& layer);

// A whole stack: tokens joined by ';' (blanks around a token are ignored), at most
// kMaxStackLayers of them. `errors` describes each token that does not parse, in order.
struct StackReading {
    std::vector<Layer> layers;
    std::vector<std::string> errors;
    bool truncated = false;  // tokens beyond kMaxStackLayers were left
};
StackReading ReadStack(const std::string& text, int dims);
// A link's stack: bad tokens are skipped and described in `notes`.
std::vector<Layer> ParseStack(const std::string& text, int dims, std::vector<std::string>& notes);
std::string StackText(const std::vector<Layer>& layers);

// A one-line description for lists: "conv 3×3, stride 2, pad 1".
std::string DescribeLayer(const Layer& layer);

}  // namespace convscope
