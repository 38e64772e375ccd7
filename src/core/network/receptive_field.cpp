// Receptive-field tracing (see receptive_field.h).
#include "core/network/receptive_field.h"

#include <numeric>
#include <string>

#include "core/layer/arithmetic.h"
#include "core/layer/error.h"

namespace convscope {

namespace {

// Transposed layers are traced tap by tap; beyond this many taps that would be slow.
constexpr int64_t kMaxTracedTransposedTaps = 1 << 16;

int64_t PositiveMod(int64_t a, int64_t m) {
    const int64_t r = a % m;
    return r < 0 ? r + m : r;
}

// The cells of a layer's input that output cells [range] read, along one dimension.
CellRange TraceThroughLayer(const Layer& layer, const Shape& shape, int dim, CellRange range) {
    if (range.Empty()) return range;
    const int64_t s = layer.stride[dim], dl = layer.dilation[dim], k = layer.kernel[dim];
    const int64_t before = shape.pads[dim].before;
    switch (layer.type) {
        case LayerType::Conv:
        case LayerType::MaxPool:
        case LayerType::AvgPool: {
            const int64_t lo = CheckedAdd(CheckedMul(range.lo, s, "the receptive field"), -before,
                                          "the receptive field");
            const int64_t hi =
                CheckedAdd(CheckedMul(range.hi, s, "the receptive field"),
                           shape.effective_kernel[dim] - 1 - before, "the receptive field");
            return CellRange{lo, hi};
        }
        case LayerType::ConvTranspose:
            break;
    }
    // A transposed layer's output x (uncropped: x = o + P_before) receives input i through
    // tap t when i*S + t*D == x. For each tap the inputs reached form a run of consecutive
    // cells.
    const int64_t a = range.lo + before, b = range.hi + before;
    CellRange result{1, 0};
    for (int64_t t = 0; t < k; ++t) {
        const int64_t offset = t * dl;
        const int64_t first_x = a + PositiveMod(offset - a, s);
        const int64_t last_x = b - PositiveMod(b - offset, s);
        if (first_x > last_x) continue;
        const int64_t lo = std::max<int64_t>((first_x - offset) / s, 0);
        const int64_t hi = std::min<int64_t>((last_x - offset) / s, shape.input[dim] - 1);
        if ((first_x - offset) < 0 && (last_x - offset) < 0) continue;
        if (lo > hi) continue;
        if (result.Empty()) {
            result = CellRange{lo, hi};
        } else {
            result.lo = std::min(result.lo, lo);
            result.hi = std::max(result.hi, hi);
        }
    }
    return result;
}

Fraction Reduced(int64_t numerator, int64_t denominator) {
    const int64_t g = std::gcd(numerator, denominator);
    return Fraction{numerator / g, denominator / g};
}

}  // namespace

std::vector<CellRange> TraceUnit(const std::vector<Layer>& layers, const std::vector<Shape>& shapes,
                                 size_t layer_index, const std::vector<int64_t>& unit) {
    const int dims = layers.at(layer_index).Dims();
    std::vector<CellRange> ranges(dims);
    for (int d = 0; d < dims; ++d) {
        CellRange range{unit[d], unit[d]};
        for (size_t l = layer_index + 1; l-- > 0;)
            range = TraceThroughLayer(layers[l], shapes[l], d, range);
        ranges[d] = range;
    }
    return ranges;
}

std::vector<LayerField> ComputeReceptiveFields(const std::vector<int64_t>& input,
                                               std::vector<Layer> layers) {
    std::vector<LayerField> fields;
    std::vector<Shape> shapes;
    fields.reserve(layers.size());
    std::vector<int64_t> size = input;
    int64_t channels = 0;
    bool traced_only = false;  // a transposed layer came: trace every later layer
    for (size_t l = 0; l < layers.size(); ++l) {
        Layer& layer = layers[l];
        try {
            switch (layer.type) {
                case LayerType::Conv:
                    if (layer.in_channels == 0 && channels > 0) layer.in_channels = channels;
                    break;
                case LayerType::ConvTranspose:
                    if (layer.in_channels == 0 && channels > 0) layer.in_channels = channels;
                    for (int d = 0; d < layer.Dims(); ++d) {
                        if (layer.kernel[d] > kMaxTracedTransposedTaps) {
                            throw Error("kernel " + std::to_string(layer.kernel[d]) +
                                        " is too large to trace (limit " +
                                        std::to_string(kMaxTracedTransposedTaps) + ")");
                        }
                    }
                    break;
                case LayerType::MaxPool:
                case LayerType::AvgPool:
                    // Each channel is pooled alone: as many channels leave as arrive.
                    layer.in_channels = layer.out_channels = channels;
                    break;
            }
            shapes.push_back(ComputeShape(size, layer));
        } catch (const Error& e) {
            throw Error("layer " + std::to_string(l + 1) + " (" + LayerTypeName(layer.type) +
                        "): " + e.what());
        }
        if (layer.out_channels > 0) channels = layer.out_channels;

        LayerField field;
        field.shape = shapes.back();
        field.cost = ComputeCost(layer, field.shape);
        const int dims = layer.Dims();
        // Without transposed layers so far the first unit's range follows from the previous
        // one in closed form (its window starts at -P_before and spans k_eff cells of the
        // previous layer, whose units are `jump` input cells apart), which keeps a 50-layer
        // stack linear; a transposed layer's fractional steps need the cell-by-cell trace.
        switch (layer.type) {
            case LayerType::Conv:
            case LayerType::MaxPool:
            case LayerType::AvgPool:
                break;
            case LayerType::ConvTranspose:
                traced_only = true;
                break;
        }
        if (!traced_only) {
            field.range.resize(static_cast<size_t>(dims));
            for (int d = 0; d < dims; ++d) {
                const CellRange previous = l == 0 ? CellRange{0, 0} : fields.back().range[d];
                const int64_t jump = l == 0 ? 1 : fields.back().jump[d].numerator;
                const int64_t first = -field.shape.pads[d].before;
                const int64_t last = first + field.shape.effective_kernel[d] - 1;
                field.range[d] = CellRange{
                    CheckedAdd(previous.lo, CheckedMul(first, jump, "the field"), "the field"),
                    CheckedAdd(previous.hi, CheckedMul(last, jump, "the field"), "the field")};
            }
        } else {
            field.range = TraceUnit(layers, shapes, l, std::vector<int64_t>(dims, 0));
        }
        for (int d = 0; d < dims; ++d) {
            const Fraction previous = l == 0 ? Fraction{} : fields.back().jump[d];
            Fraction jump;
            switch (layer.type) {
                case LayerType::Conv:
                case LayerType::MaxPool:
                case LayerType::AvgPool:
                    jump = Reduced(CheckedMul(previous.numerator, layer.stride[d], "the jump"),
                                   previous.denominator);
                    break;
                case LayerType::ConvTranspose:
                    jump = Reduced(previous.numerator,
                                   CheckedMul(previous.denominator, layer.stride[d], "the jump"));
                    break;
            }
            field.jump.push_back(jump);
            field.rf.push_back(field.range[d].Size());
            field.rf_exceeds_input.push_back(field.range[d].Size() > input[d]);
            field.centre_between_pixels.push_back(!field.range[d].Empty() &&
                                                  (field.range[d].lo + field.range[d].hi) % 2 != 0);
        }
        fields.push_back(std::move(field));
        size = shapes.back().output;
    }
    return fields;
}

}  // namespace convscope
