// Receptive-field tracing (see receptive_field.h).
//
// Each layer's units along one dimension form an axis whose unit u depends on a range of
// input cells. Until the first transposed layer an axis is a line (unit u is the first
// unit's range moved by u jumps), so a 50-layer stack costs nothing per unit. From the first
// transposed layer on, units differ: each layer's axis then holds every unit, computed from
// the units its taps read in the axis below, and units beyond the edges (what a padded
// window reads) are computed on demand by the layer's own rule, as the graph analysis does.
#include "core/network/receptive_field.h"

#include <algorithm>
#include <memory>
#include <numeric>
#include <string>
#include <unordered_map>

#include "core/layer/arithmetic.h"
#include "core/layer/error.h"
#include "core/layer/resampling.h"

namespace convscope {

namespace {

// Transposed layers are traced tap by tap; beyond this many taps that would be slow.
constexpr int64_t kMaxTracedTransposedTaps = 1 << 16;

int64_t PositiveMod(int64_t a, int64_t m) {
    const int64_t r = a % m;
    return r < 0 ? r + m : r;
}

CellRange Hull(CellRange a, CellRange b) {
    if (a.Empty()) return b;
    if (b.Empty()) return a;
    return CellRange{std::min(a.lo, b.lo), std::max(a.hi, b.hi)};
}

Fraction Reduced(int64_t numerator, int64_t denominator) {
    const int64_t g = std::gcd(numerator, denominator);
    return Fraction{numerator / g, denominator / g};
}

// The work of following units, shared by every axis of one computation.
struct TraceBudget {
    int64_t units = 0;
    int64_t taps = 0;
};

// One dimension of one layer's output (or of the input): the input range of each unit.
class UnitAxis {
public:
    // The input itself, or a layer before any transposed one: unit u reads
    // [first.lo + u * jump, first.hi + u * jump].
    static std::unique_ptr<UnitAxis> Line(CellRange first, int64_t jump) {
        auto axis = std::make_unique<UnitAxis>();
        axis->line_ = true;
        axis->first_ = first;
        axis->jump_ = jump;
        return axis;
    }

    // A layer at or after a transposed one: its units follow from `below`'s, tap by tap.
    static std::unique_ptr<UnitAxis> Traced(const Layer& layer, const Shape& shape, int dim,
                                            UnitAxis* below, TraceBudget& budget) {
        auto axis = std::make_unique<UnitAxis>();
        axis->layer_ = &layer;
        axis->shape_ = &shape;
        axis->dim_ = dim;
        axis->below_ = below;
        axis->budget_ = &budget;
        axis->size_ = shape.output[dim];
        budget.units += axis->size_;
        if (budget.units > kMaxTracedUnits) {
            throw Error(
                "following every unit after a transposed or upsampling layer needs more than " +
                std::to_string(kMaxTracedUnits) +
                " units in all (layers x dimensions x units): use a smaller input");
        }
        axis->units_.resize(static_cast<size_t>(axis->size_));
        axis->known_.assign(static_cast<size_t>(axis->size_), false);
        return axis;
    }

    bool IsLine() const { return line_; }
    int64_t LineJump() const { return jump_; }

    CellRange At(int64_t u) {
        if (line_) {
            const int64_t shift = CheckedMul(u, jump_, "the receptive field");
            return CellRange{CheckedAdd(first_.lo, shift, "the receptive field"),
                             CheckedAdd(first_.hi, shift, "the receptive field")};
        }
        if (u >= 0 && u < size_) {
            const size_t i = static_cast<size_t>(u);
            if (!known_[i]) {
                units_[i] = Rule(u);
                known_[i] = true;
            }
            return units_[i];
        }
        const auto found = outside_.find(u);
        if (found != outside_.end()) return found->second;
        const CellRange range = Rule(u);
        outside_.emplace(u, range);
        return range;
    }

private:
    // What unit u (any index: beyond the edges it is what a padded window of the next layer
    // reads) depends on, by this layer's own formula.
    CellRange Rule(int64_t u) {
        const Layer& layer = *layer_;
        const int64_t s = layer.stride[dim_], dl = layer.dilation[dim_], k = layer.kernel[dim_];
        const int64_t before = shape_->pads[dim_].before;
        budget_->taps += k;
        if (budget_->taps > kMaxTracedTaps) {
            throw Error(
                "following every unit after a transposed or upsampling layer visits more than " +
                std::to_string(kMaxTracedTaps) + " kernel taps: use a smaller input or kernel");
        }
        CellRange range{1, 0};
        switch (layer.type) {
            case LayerType::Conv:
            case LayerType::MaxPool:
            case LayerType::AvgPool:
            case LayerType::PixelUnshuffle: {
                // Window u reads units u*S - P_before + t*D of the layer's input.
                const int64_t first =
                    CheckedAdd(CheckedMul(u, s, "a unit index"), -before, "a unit index");
                for (int64_t t = 0; t < k; ++t) range = Hull(range, below_->At(first + t * dl));
                break;
            }
            case LayerType::ConvTranspose: {
                // Output u (uncropped x = u + P_before) receives input i through tap t when
                // i*S + t*D == x; only real input cells contribute.
                const int64_t x = CheckedAdd(u, before, "a unit index");
                const int64_t size = shape_->input[dim_];
                for (int64_t t = 0; t < k; ++t) {
                    const int64_t num = x - t * dl;
                    if (PositiveMod(num, s) != 0) continue;
                    const int64_t cell = num / s;
                    if (cell < 0 || cell >= size) continue;
                    range = Hull(range, below_->At(cell));
                }
                break;
            }
            case LayerType::UpsampleNearest:
            case LayerType::UpsampleLinear:
            case LayerType::PixelShuffle: {
                const int64_t in = shape_->input[dim_], out = shape_->output[dim_];
                if (u >= 0 && u < out) {
                    // The cells PyTorch's index rule reads with a non-zero weight.
                    const ResampledSources sources =
                        SourcesOfOutput(AxisOf(layer, dim_, in, out), u);
                    for (int c = 0; c < sources.count; ++c) {
                        if (sources.cells[c].weight != 0.0f)
                            range = Hull(range, below_->At(sources.cells[c].cell));
                    }
                } else {
                    // Beyond the edges, what a padded window would read if the rule went on,
                    // with the step in/out (1/k by a factor): nearest reads u·in/out, linear
                    // the cells around (u + 1/2)·in/out - 1/2, the second when its weight is
                    // not 0.
                    const bool by_size = !layer.size.empty();
                    const int64_t num = by_size ? in : 1, den = by_size ? out : k;
                    if (layer.type == LayerType::UpsampleLinear) {
                        const int64_t twice = (2 * u + 1) * num - den;
                        const int64_t cell = FloorDiv(twice, 2 * den);
                        range = below_->At(cell);
                        if (PositiveMod(twice, 2 * den) != 0)
                            range = Hull(range, below_->At(cell + 1));
                    } else {
                        range = below_->At(FloorDiv(u * num, den));
                    }
                }
                break;
            }
        }
        return range;
    }

    bool line_ = false;
    CellRange first_;
    int64_t jump_ = 1;
    const Layer* layer_ = nullptr;
    const Shape* shape_ = nullptr;
    int dim_ = 0;
    UnitAxis* below_ = nullptr;
    TraceBudget* budget_ = nullptr;
    int64_t size_ = 0;
    std::vector<CellRange> units_;
    std::vector<bool> known_;
    std::unordered_map<int64_t, CellRange> outside_;
};

// The axes of a stack, layer by layer, for every dimension; the input's axes come first.
class StackAxes {
public:
    explicit StackAxes(int dims) {
        for (int d = 0; d < dims; ++d) top_.push_back(Keep(UnitAxis::Line(CellRange{0, 0}, 1)));
    }

    // Adds layer `layer` (with its shape) on top. `layer` and `shape` must outlive this.
    void Add(const Layer& layer, const Shape& shape) {
        bool transposed = false;
        switch (layer.type) {
            case LayerType::Conv:
            case LayerType::MaxPool:
            case LayerType::AvgPool:
            case LayerType::PixelUnshuffle:
                break;
            case LayerType::ConvTranspose:
            case LayerType::UpsampleNearest:
            case LayerType::UpsampleLinear:
            case LayerType::PixelShuffle:
                transposed = true;
                break;
        }
        for (int d = 0; d < static_cast<int>(top_.size()); ++d) {
            UnitAxis* below = top_[static_cast<size_t>(d)];
            if (below->IsLine() && !transposed) {
                // The closed form: the window starts at -P_before and spans k_eff cells of
                // the line below, whose units are `jump` input cells apart.
                const int64_t jump = below->LineJump();
                const int64_t first = -shape.pads[d].before;
                const int64_t last = first + shape.effective_kernel[d] - 1;
                const CellRange lo = below->At(first), hi = below->At(last);
                top_[static_cast<size_t>(d)] = Keep(UnitAxis::Line(
                    CellRange{lo.lo, hi.hi}, CheckedMul(jump, layer.stride[d], "the jump")));
            } else {
                top_[static_cast<size_t>(d)] =
                    Keep(UnitAxis::Traced(layer, shape, d, below, budget_));
            }
        }
    }

    UnitAxis& Top(int d) { return *top_[static_cast<size_t>(d)]; }

private:
    UnitAxis* Keep(std::unique_ptr<UnitAxis> axis) {
        all_.push_back(std::move(axis));
        return all_.back().get();
    }

    std::vector<std::unique_ptr<UnitAxis>> all_;
    std::vector<UnitAxis*> top_;
    TraceBudget budget_;
};

std::string LayerLabel(size_t index, const Layer& layer) {
    return "layer " + std::to_string(index + 1) + " (" + LayerTypeName(layer.type) + "): ";
}

}  // namespace

std::vector<CellRange> TraceUnit(const std::vector<Layer>& layers, const std::vector<Shape>& shapes,
                                 size_t layer_index, const std::vector<int64_t>& unit) {
    const int dims = layers.at(layer_index).Dims();
    StackAxes axes(dims);
    for (size_t l = 0; l <= layer_index; ++l) {
        try {
            axes.Add(layers[l], shapes.at(l));
        } catch (const Error& e) {
            throw Error(LayerLabel(l, layers[l]) + e.what());
        }
    }
    std::vector<CellRange> ranges(dims);
    try {
        for (int d = 0; d < dims; ++d) ranges[d] = axes.Top(d).At(unit[d]);
    } catch (const Error& e) {
        throw Error(LayerLabel(layer_index, layers[layer_index]) + e.what());
    }
    return ranges;
}

std::vector<LayerField> ComputeReceptiveFields(const std::vector<int64_t>& input,
                                               std::vector<Layer> layers) {
    std::vector<LayerField> fields;
    fields.reserve(layers.size());
    // The axes point at the layers and shapes, so both are filled first.
    std::vector<Shape> shapes;
    shapes.reserve(layers.size());
    std::vector<int64_t> size = input;
    int64_t channels = 0;
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
                case LayerType::UpsampleNearest:
                case LayerType::UpsampleLinear:
                case LayerType::PixelShuffle:
                case LayerType::PixelUnshuffle:
                    // Each channel is pooled or resampled alone; pixel shuffle and unshuffle
                    // trade channels for cells.
                    layer.in_channels = channels;
                    layer.out_channels = ChannelsAfter(layer, channels);
                    break;
            }
            shapes.push_back(ComputeShape(size, layer));
        } catch (const Error& e) {
            throw Error(LayerLabel(l, layer) + e.what());
        }
        if (layer.out_channels > 0) channels = layer.out_channels;
        size = shapes.back().output;
    }

    const int dims = static_cast<int>(input.size());
    StackAxes axes(dims);
    for (size_t l = 0; l < layers.size(); ++l) {
        const Layer& layer = layers[l];
        LayerField field;
        field.shape = shapes[l];
        field.cost = ComputeCost(layer, field.shape);
        try {
            axes.Add(layer, shapes[l]);
            for (int d = 0; d < dims; ++d) {
                const Fraction previous = l == 0 ? Fraction{} : fields.back().jump[d];
                Fraction jump;
                switch (layer.type) {
                    case LayerType::Conv:
                    case LayerType::MaxPool:
                    case LayerType::AvgPool:
                    case LayerType::PixelUnshuffle:
                        jump = Reduced(CheckedMul(previous.numerator, layer.stride[d], "the jump"),
                                       previous.denominator);
                        break;
                    case LayerType::UpsampleNearest:
                    case LayerType::UpsampleLinear:
                        if (!layer.size.empty()) {
                            // To a size: input/size of an input cell per output cell.
                            jump = Reduced(
                                CheckedMul(previous.numerator, field.shape.input[d], "the jump"),
                                CheckedMul(previous.denominator, field.shape.output[d],
                                           "the jump"));
                            break;
                        }
                        [[fallthrough]];
                    case LayerType::PixelShuffle:
                    case LayerType::ConvTranspose:
                        jump = Reduced(previous.numerator, CheckedMul(previous.denominator,
                                                                      layer.stride[d], "the jump"));
                        break;
                }
                UnitAxis& axis = axes.Top(d);
                const int64_t out = field.shape.output[d];
                const int64_t centre = (out - 1) / 2;
                const CellRange first = axis.At(0), central = axis.At(centre);
                int64_t rf_min = first.Size(), rf_max = first.Size();
                if (!axis.IsLine()) {
                    for (int64_t u = 1; u < out; ++u) {
                        const int64_t span = axis.At(u).Size();
                        rf_min = std::min(rf_min, span);
                        rf_max = std::max(rf_max, span);
                    }
                }
                field.jump.push_back(jump);
                field.range.push_back(first);
                field.central.push_back(central);
                field.rf.push_back(central.Size());
                field.rf_min.push_back(rf_min);
                field.rf_max.push_back(rf_max);
                field.rf_exceeds_input.push_back(central.Size() > input[d]);
                field.centre_between_pixels.push_back(!first.Empty() &&
                                                      (first.lo + first.hi) % 2 != 0);
            }
        } catch (const Error& e) {
            throw Error(LayerLabel(l, layer) + e.what());
        }
        fields.push_back(std::move(field));
    }
    return fields;
}

std::vector<std::string> RfVariesNotes(const LayerField& field) {
    std::vector<std::string> texts;
    bool any = false;
    for (size_t d = 0; d < field.rf_min.size(); ++d) {
        texts.push_back(field.RfVaries(d) ? "rf varies from unit to unit (min " +
                                                std::to_string(field.rf_min[d]) + ", max " +
                                                std::to_string(field.rf_max[d]) + ")"
                                          : std::string());
        any = any || field.RfVaries(d);
    }
    std::vector<std::string> notes;
    if (!any) return notes;
    bool all_same = true;
    for (const std::string& text : texts) all_same = all_same && text == texts.front();
    if (all_same) return {texts.front()};
    static const char* const kNames[3][3] = {
        {"length", "", ""}, {"height", "width", ""}, {"depth", "height", "width"}};
    const size_t dims = texts.size();
    for (size_t d = 0; d < dims; ++d) {
        if (!texts[d].empty()) notes.push_back(texts[d] + " in " + kNames[dims - 1][d]);
    }
    return notes;
}

}  // namespace convscope
