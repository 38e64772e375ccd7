// The effective receptive field (Luo et al. 2016, "Understanding the Effective Receptive
// Field in Deep Convolutional Neural Networks"): how strongly each input cell influences
// one output unit, i.e. the gradient of that unit with respect to the input, obtained by
// back-propagating a single 1 through the stack with the core's kernels. The backward of a
// convolution is a transposed convolution with the same weights and the backward of a
// transposed convolution is a convolution; average pooling's backward is linear; max
// pooling routes the gradient to the argmax of a forward pass on a seeded random input.
//
// The network is taken as linear between layers (no activation functions), the setting in
// which Luo et al. show the field tends to a Gaussian; the map is therefore exact for the
// stack of layers as given. It is zero outside the theoretical receptive field (TraceUnit)
// whenever the stack pads with zeros; reflect, replicate and circular padding read real
// cells where the trace counts padding, so their maps may reach past an asymmetric field.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/layer/layer.h"
#include "core/network/receptive_field.h"

namespace convscope {

enum class ErfWeights {
    // Every tap of every layer weighs the same. Channels are collapsed to one: with equal
    // weights every input channel of a layer receives the same gradient, so one channel
    // gives the map exactly, up to a constant factor that the normalisation removes.
    Uniform,
    // Weights drawn uniformly from +-1/sqrt(fan_in) (PyTorch's default initialisation of
    // convolutions) from a seed, with `channels` channels in every layer instead of the
    // network's own counts (and groups ignored): the map is |gradient| summed over the
    // input channels, averaged over `trials` seeds.
    Random,
};

struct ErfOptions {
    ErfWeights weights = ErfWeights::Uniform;
    uint32_t seed = 1;          // random weights, and the input of the max-pooling forward pass
    int64_t channels = 1;       // random weights: 1 to 16 channels per layer
    int64_t trials = 1;         // random weights: 1 to 16 seeds averaged
    int64_t layer = -1;         // 0-based layer of the unit; -1: the last layer
    std::vector<int64_t> unit;  // the unit within that layer's output; empty: its centre unit
};

struct ErfResult {
    std::vector<int64_t> input;  // extents of `map` (the network's input)
    std::vector<float> map;      // row-major over the input, largest value 1
    size_t layer = 0;            // 0-based
    std::vector<int64_t> unit;
    std::vector<CellRange> theoretical;  // the unit's theoretical field (may reach into padding)
    std::vector<double> centre;          // centre of `theoretical`, pixel k at coordinate k
    std::vector<int64_t> peak;           // the cell holding the largest value
    std::vector<double> mean;            // mass-weighted mean position per dimension
    std::vector<double> std_dev;         // mass-weighted standard deviation per dimension
    double radius50 = 0;                 // Euclidean distance from `centre` within which
    double radius90 = 0;                 //   50% / 90% of the map's mass lies
    double mass = 0;                     // sum of `map`
    int64_t nonzero = 0;                 // cells with a non-zero value
    double macs = 0;                     // multiply-accumulates spent
    std::vector<std::string> notes;
};

// Work limit of one computation (about a second of single-threaded SIMD work), and the
// largest input (the map and its accumulator are allocated per input cell).
inline constexpr double kMaxErfMacs = 2.0e9;
inline constexpr int64_t kMaxErfInputCells = int64_t{1} << 22;

// The effective field of one unit. Throws Error for invalid stacks or options, a unit
// outside its layer, or work or memory beyond the limits (checked before running).
ErfResult ComputeEffectiveField(const std::vector<int64_t>& input, const std::vector<Layer>& layers,
                                const ErfOptions& options = {});

}  // namespace convscope
