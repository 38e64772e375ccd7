// What the graph analysis knows about each value while it walks the nodes: the full shape,
// small constant contents, and per spatial dimension of the analysed input the interval of
// input cells each unit depends on. Shared by the op handlers (graph_ops.h).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/graph/graph.h"
#include "core/layer/error.h"
#include "core/network/receptive_field.h"
#include "core/network/table_text.h"

namespace convscope::graph_detail {

// Limits on the work: units along one dimension of one value, and units held in all.
inline constexpr int64_t kMaxUnitsPerDim = int64_t{1} << 20;
inline constexpr int64_t kMaxUnitsInAll = int64_t{1} << 25;
// Taps visited in one node's dimension (units times kernel taps).
inline constexpr int64_t kMaxTapsPerDim = int64_t{1} << 28;
// Constant contents are followed only for small tensors (shapes, axes, scales).
inline constexpr int64_t kMaxFoldedElements = int64_t{1} << 16;

// A limit of the analysis was passed: unlike a node it cannot follow, this stops it.
class LimitError : public Error {
public:
    explicit LimitError(const std::string& message) : Error(message) {}
};

// The node's op (or one of its modes) is not followed; the text says what.
struct Unsupported {
    std::string reason;  // empty: the op itself
};

// A node input whose shape is not known (it comes after an unsupported node).
struct UnknownInput {
    std::string value;
};

class AxisField;
using AxisPtr = std::shared_ptr<AxisField>;

// One term of a unit: unit `unit` of the field's source `source` (an index into its
// `sources`), with the weight it has when every weight of the network is 1 (pooling
// averages, interpolation shares its weight between the cells it reads).
struct Tap {
    size_t source = 0;
    int64_t unit = 0;
    double weight = 1.0;
};
using TapList = std::vector<Tap>;
// Appends the taps of unit u (any u: units beyond the edges read further beyond).
using TapRule = std::function<void(int64_t u, TapList& taps)>;

// One spatial dimension of a value that depends on the analysed input: for every unit, the
// input cells it reads. Units outside [0, size) are what a padded window reads beyond the
// value's edges; `rule` gives them by the producing op's own formula, so padding cells of a
// convolution's input extend linearly, as in TraceThroughLayer, while a transposed
// convolution or a resize reads only real cells.
class AxisField {
public:
    int64_t size = 0;
    std::vector<CellRange> units;
    Fraction jump;
    bool aligned = true;
    std::function<CellRange(int64_t)> rule;
    // Where the units come from (MakeTappedAxis): the fields they read and, per unit, the
    // taps on them. The analysed input has no sources; the effective field
    // (graph_effective.h) walks these back to it.
    std::vector<AxisPtr> sources;
    TapRule taps;
    bool is_input = false;
    int node = -1;  // the node that made it (its place in the graph), -1 for the input

    CellRange At(int64_t unit);

private:
    // Units beyond the edges, computed once when first asked for: the nearest ones (which
    // padded windows read) by their distance from the edge, far ones in a map.
    std::vector<CellRange> before_, after_;
    std::vector<bool> before_known_, after_known_;
    std::unordered_map<int64_t, CellRange> far_;
};

struct ValueState {
    bool known = false;  // the shape is known
    std::vector<int64_t> shape;
    // Contents of a small constant (integer types in `ints`, others in `floats`).
    bool has_ints = false;
    std::vector<int64_t> ints;
    bool has_floats = false;
    std::vector<double> floats;
    // Dependence on the analysed input: none (weights, shapes), per unit (`axes` and
    // `fields`, one per spatial dimension of the input, `axes` naming the axis of `shape`
    // that holds it), and/or on the whole input.
    bool depends = false;
    bool whole = false;
    std::vector<int> axes;
    std::vector<AxisPtr> fields;
    std::string producer;  // the node (or graph input) that made it, for messages

    bool HasFields() const { return !fields.empty(); }
    int Rank() const { return static_cast<int>(shape.size()); }
};

// The analysis' running totals and fixed facts.
struct AnalysisContext {
    int dims = 0;                      // spatial dimensions of the analysed input
    std::vector<int64_t> input_sizes;  // their sizes
    int64_t units_in_all = 0;
    int node = -1;  // the node being analysed
};

// One node being analysed: its inputs (null for an omitted optional input), the outputs it
// fills and the flags it raises.
struct NodeRun {
    const GraphNode& node;
    int64_t opset;
    AnalysisContext& context;
    std::vector<const ValueState*> in;
    std::vector<std::string> in_names;
    std::vector<ValueState> out;
    std::vector<std::string> flags;

    // Input i with a known shape; throws UnknownInput when its shape is unknown and Error
    // when the input is missing.
    const ValueState& In(size_t i) const;
    // Whether input i is given (present and not "").
    bool Has(size_t i) const { return i < in.size() && in[i] != nullptr; }
    // Integer contents of input i, which must be a known constant.
    std::vector<int64_t> Ints(size_t i, const char* what) const;
    // Float contents (integer constants are converted).
    std::vector<double> Floats(size_t i, const char* what) const;

    bool HasAttr(const char* name) const;
    int64_t Int(const char* name, int64_t fallback) const;
    std::vector<int64_t> IntList(const char* name) const;
    double Float(const char* name, double fallback) const;
    std::vector<double> FloatList(const char* name) const;
    std::string Text(const char* name, const std::string& fallback) const;
};

// ---- Exact fractions (jumps) ----
Fraction MakeFraction(int64_t numerator, int64_t denominator);
Fraction Times(Fraction a, Fraction b);
bool SameFraction(Fraction a, Fraction b);
// A double as a fraction with a small denominator (float scales such as 2, 0.5, 1/3).
Fraction ApproximateFraction(double value);

// ---- Intervals ----
CellRange Hull(CellRange a, CellRange b);

// ---- Building fields ----
// A field of `size` units whose unit u reads `rule(u)`; counts the units against the limits.
AxisPtr MakeAxis(AnalysisContext& context, int64_t size, Fraction jump, bool aligned,
                 std::function<CellRange(int64_t)> rule);
// A field whose unit u reads the taps `taps` lists for it on `sources` (its input cells are
// the hull of theirs, and of `base`, cells every unit depends on besides). Every op that
// moves units builds its fields this way, so that the effective field can follow them.
AxisPtr MakeTappedAxis(AnalysisContext& context, int64_t size, Fraction jump, bool aligned,
                       std::vector<AxisPtr> sources, TapRule taps, CellRange base = {1, 0});
// The same units, as a new value's field (an op that keeps every unit where it was).
AxisPtr SameAxis(const AxisPtr& input);

// Whether `value`'s fields sit at axes 2.. of a rank 2+dims shape: (N, C, spatial...).
bool StandardLayout(const ValueState& value, int dims);

// Marks `out` as depending on the whole input, without fields. When `from` had fields over
// more than one unit, `flags` gets a note that the layout was lost at this op.
void LoseLayout(const ValueState& from, ValueState& out, NodeRun& run, const std::string& why);

// Axis `axis` of a rank-`rank` tensor, negative counting from the end; Error if outside.
int NormaliseAxis(int64_t axis, int rank, const char* what);

// "height", "width", ... for spatial dimension d of `dims` (1: "length").
const char* SpatialName(int d, int dims);

// ---- Shapes ----
std::string ShapeText(const std::vector<int64_t>& shape);
int64_t ElementCount(const std::vector<int64_t>& shape);
// Numpy (multidirectional) broadcasting; Error naming the shapes when they do not match.
std::vector<int64_t> BroadcastShapes(const std::vector<std::vector<int64_t>>& shapes);

// The union of the inputs' fields, unit by unit, into `out` whose shape is set: inputs of
// lower rank align to the right, a size-1 dimension broadcasts its one unit. Inputs that
// disagree on jump or on the centre of unit 0 are flagged as misaligned. Inputs that do not
// depend on the analysed input are skipped; one that depends on all of it adds the whole
// input to every unit. Spatial dimension `skip_dim` (if >= 0) is left null for the caller.
void MergeFields(const std::vector<const ValueState*>& inputs, ValueState& out, NodeRun& run,
                 int skip_dim = -1);

}  // namespace convscope::graph_detail
