// The padding solver (see padding_solver.h). Each dimension is solved alone: candidates
// come from the output-size formula, and each is confirmed by ComputeShape itself, so the
// solver can never disagree with the shapes it reports.
#include "core/layer/padding_solver.h"

#include <algorithm>
#include <string>

#include "core/layer/arithmetic.h"
#include "core/layer/error.h"
#include "core/layer/shape.h"

namespace convscope {

namespace {

constexpr size_t kMaxSolutions = 12;

struct AxisCandidate {
    PadPair pads;
    int64_t output_padding = 0;
};

// The layer reduced to dimension `d`, with explicit padding.
Layer AxisLayerOf(const Layer& layer, int d, PadPair pads, int64_t output_padding) {
    Layer axis = layer;
    axis.kernel = {layer.kernel[d]};
    axis.stride = {layer.stride[d]};
    axis.dilation = {layer.dilation[d]};
    axis.output_padding = {output_padding};
    axis.padding_form = PaddingForm::Explicit;
    axis.padding = {pads};
    axis.padding_asymmetric = pads.before != pads.after;
    return axis;
}

bool Reaches(const Layer& layer, int d, int64_t input, int64_t target, PadPair pads, int64_t op) {
    try {
        return ComputeShape({input}, AxisLayerOf(layer, d, pads, op)).output[0] == target;
    } catch (const Error&) {
        return false;
    }
}

std::vector<AxisCandidate> SolveAxis(const Layer& layer, int d, int64_t input, int64_t target) {
    const int64_t s = layer.stride[d];
    const int64_t k_eff = EffectiveKernel(layer.kernel[d], layer.dilation[d]);
    std::vector<AxisCandidate> symmetric, asymmetric;
    const auto consider = [&](int64_t total, int64_t op) {
        if (total < 0) return;
        const int64_t small = total / 2;
        const PadPair even{small, total - small};
        if (total % 2 == 0) {
            if (Reaches(layer, d, input, target, even, op)) symmetric.push_back({even, op});
            return;
        }
        if (Reaches(layer, d, input, target, even, op)) asymmetric.push_back({even, op});
        const PadPair odd{total - small, small};
        if (Reaches(layer, d, input, target, odd, op)) asymmetric.push_back({odd, op});
    };
    switch (layer.type) {
        case LayerType::Conv:
        case LayerType::MaxPool:
        case LayerType::AvgPool: {
            // floor((I + P - k_eff)/S) + 1 = T  =>  P in [(T-1)*S + k_eff - I, ... + S - 1];
            // with ceil_mode the range starts one stride lower. The smallest totals of each
            // range are tried (a few dozen at most, whatever the stride).
            const int64_t lowest = (target - 1) * s + k_eff - input;
            const int64_t scan = std::min<int64_t>(s, 40);
            int64_t last_tried = -1;
            for (const int64_t start :
                 {std::max<int64_t>(lowest - s + 1, 0), std::max<int64_t>(lowest, 0)}) {
                for (int64_t total = std::max(start, last_tried + 1); total < start + scan;
                     ++total) {
                    consider(total, 0);
                    last_tried = total;
                }
            }
            break;
        }
        case LayerType::ConvTranspose: {
            // T = (I-1)*S - P + k_eff + op  =>  P = (I-1)*S + k_eff + op - T.
            const int64_t op_limit = std::max(s, layer.dilation[d]);
            for (int64_t op = 0; op < op_limit && op < 64; ++op)
                consider((input - 1) * s + k_eff + op - target, op);
            break;
        }
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
        case LayerType::PixelShuffle:
        case LayerType::PixelUnshuffle:
            break;  // no padding (SolvePadding refuses them first)
    }
    const auto by_size = [](const AxisCandidate& a, const AxisCandidate& b) {
        const int64_t ta = a.pads.before + a.pads.after, tb = b.pads.before + b.pads.after;
        if (a.output_padding != b.output_padding) return a.output_padding < b.output_padding;
        if (ta != tb) return ta < tb;
        return a.pads.after > b.pads.after;  // the extra cell after comes first
    };
    std::stable_sort(symmetric.begin(), symmetric.end(), by_size);
    std::stable_sort(asymmetric.begin(), asymmetric.end(), by_size);
    symmetric.insert(symmetric.end(), asymmetric.begin(), asymmetric.end());
    return symmetric;
}

std::string WhyNoPadding(const Layer& layer, int d, int64_t input, int64_t target) {
    const int dims = layer.Dims();
    const int64_t s = layer.stride[d];
    const int64_t k_eff = EffectiveKernel(layer.kernel[d], layer.dilation[d]);
    const std::string where = " in " + DimLabel(d, dims);
    std::string unpadded = "no valid output";
    int64_t unpadded_out = -1;
    try {
        unpadded_out = ComputeShape({input}, AxisLayerOf(layer, d, PadPair{}, 0)).output[0];
        unpadded = std::to_string(unpadded_out);
    } catch (const Error&) {
    }
    const auto already_larger = [&] {
        return "no padding reaches output " + std::to_string(target) + where +
               ": without padding the output is already " + unpadded + " (input " +
               std::to_string(input) + ", effective kernel " + std::to_string(k_eff) + ", stride " +
               std::to_string(s) + "), and padding only makes it larger";
    };
    switch (layer.type) {
        case LayerType::MaxPool:
        case LayerType::AvgPool:
            if (unpadded_out > target) return already_larger();
            return "no padding reaches output " + std::to_string(target) + where +
                   ": it would need more than half the kernel (" +
                   std::to_string(layer.kernel[d] / 2) +
                   ") on a side, which PyTorch's pooling refuses";
        case LayerType::ConvTranspose: {
            const int64_t largest = (input - 1) * s + k_eff + std::max(s, layer.dilation[d]) - 1;
            return "no padding and output_padding reach output " + std::to_string(target) + where +
                   ": a transposed convolution of input " + std::to_string(input) + " (stride " +
                   std::to_string(s) + ", effective kernel " + std::to_string(k_eff) +
                   ") gives at most " + std::to_string(largest) +
                   " with no padding, and padding only makes it smaller";
        }
        case LayerType::Conv:
        case LayerType::UpsampleNearest:
        case LayerType::UpsampleLinear:
        case LayerType::PixelShuffle:
        case LayerType::PixelUnshuffle:
            break;
    }
    if (unpadded_out > target) return already_larger();
    return "no padding reaches output " + std::to_string(target) + where + " with padding mode " +
           PaddingModeName(layer.padding_mode) + " (without padding the output is " + unpadded +
           ")";
}

}  // namespace

std::vector<PaddingSolution> SolvePadding(const std::vector<int64_t>& input,
                                          const std::vector<int64_t>& target, const Layer& layer) {
    if (layer.IsResampling()) {
        throw Error(std::string(TypeInfo(layer.type).label) +
                    " takes no padding, so there is none to solve: its output is the input " +
                    (layer.IsUpsampling() ? "times" : "divided by") +
                    " its factor. Fix: change the factor, or pad its input or output with F.pad");
    }
    Layer check = layer;
    check.padding_form = PaddingForm::Explicit;
    check.padding.assign(layer.kernel.size(), PadPair{});
    check.output_padding.assign(layer.kernel.size(), 0);
    ValidateLayer(check);
    const int dims = layer.Dims();
    if (static_cast<int>(input.size()) != dims || static_cast<int>(target.size()) != dims) {
        throw Error("input and target need one size per kernel dimension (" + std::to_string(dims) +
                    ")");
    }
    for (int d = 0; d < dims; ++d) {
        for (const int64_t v : {input[d], target[d]}) {
            if (v < 1 || v > kMaxExtent) {
                throw Error("input and target sizes must be between 1 and " +
                            std::to_string(kMaxExtent) + ", got " + std::to_string(v) + " in " +
                            DimLabel(d, dims));
            }
        }
        switch (layer.type) {
            case LayerType::Conv:
            case LayerType::MaxPool:
            case LayerType::AvgPool:
                if ((target[d] - 1) * layer.stride[d] > 4 * kMaxExtent) {
                    throw Error("output " + std::to_string(target[d]) + " with stride " +
                                std::to_string(layer.stride[d]) +
                                " needs more padding than ConvScope's limit of " +
                                std::to_string(kMaxExtent));
                }
                break;
            case LayerType::ConvTranspose:
                // Its padding crops the output, so the input bounds it, not the target.
                break;
            case LayerType::UpsampleNearest:
            case LayerType::UpsampleLinear:
            case LayerType::PixelShuffle:
            case LayerType::PixelUnshuffle:
                break;  // refused above
        }
    }

    std::vector<std::vector<AxisCandidate>> per_axis(dims);
    for (int d = 0; d < dims; ++d) {
        per_axis[d] = SolveAxis(layer, d, input[d], target[d]);
        if (per_axis[d].empty()) throw Error(WhyNoPadding(layer, d, input[d], target[d]));
    }

    std::vector<PaddingSolution> solutions;
    const auto add = [&](const std::vector<size_t>& pick) {
        PaddingSolution solution;
        for (int d = 0; d < dims; ++d) {
            const AxisCandidate& c = per_axis[d][pick[d]];
            solution.pads.push_back(c.pads);
            solution.output_padding.push_back(c.output_padding);
            if (c.pads.before != c.pads.after) solution.symmetric = false;
        }
        for (const PaddingSolution& s : solutions) {
            if (s.pads == solution.pads && s.output_padding == solution.output_padding) return;
        }
        solutions.push_back(std::move(solution));
    };
    std::vector<size_t> best(dims, 0);
    add(best);
    // Alternatives: one dimension at a time moves to its next candidates.
    for (size_t rank = 1; solutions.size() < kMaxSolutions; ++rank) {
        bool any = false;
        for (int d = 0; d < dims && solutions.size() < kMaxSolutions; ++d) {
            if (rank >= per_axis[d].size()) continue;
            std::vector<size_t> pick = best;
            pick[d] = rank;
            add(pick);
            any = true;
        }
        if (!any) break;
    }
    return solutions;
}

}  // namespace convscope
