// The JSON API's requests (see json_api.h and docs/api.md). Sections:
//   1. reading tensors and size lists   2. one handler per op   3. parsing and dispatch
#include "core/api/json_api.h"

#include <algorithm>
#include <cmath>

#include "core/api/json_answer.h"
#include "core/api/json_exercise_ops.h"
#include "core/api/json_fields.h"
#include "core/api/json_graph_ops.h"
#include "core/api/json_rf_ops.h"
#include "core/code_export/code_export.h"
#include "core/layer/error.h"
#include "core/layer/padding_solver.h"
#include "core/layer/shape.h"
#include "core/layer/version.h"
#include "core/network/receptive_field.h"
#include "core/numeric/numeric.h"

namespace convscope {

namespace {

using nlohmann::json;

// A response's "y" is capped separately from tensors: its text is ~12 bytes a value.
constexpr int64_t kMaxResponseValues = 1 << 22;

// ---- 1. Reading tensors and size lists ---------------------------------------------

// Reads a nested list of numbers into a tensor, checking that it is rectangular and
// counting elements before storing them.
void ReadNested(const json& v, size_t depth, Tensor& t, const std::string& name) {
    if (depth == t.shape.size()) {
        if (!v.is_number())
            throw Error(name + " holds " + std::string(v.type_name()) + " where a number belongs");
        const double value = v.get<double>();
        if (!std::isfinite(value) || std::fabs(value) > 3.0e38)
            throw Error(name + " holds a value outside float32's range");
        t.data.push_back(static_cast<float>(value));
        return;
    }
    if (!v.is_array() || static_cast<int64_t>(v.size()) != t.shape[depth]) {
        throw Error(name + " is not rectangular: expected " + std::to_string(t.shape[depth]) +
                    " entries at depth " + std::to_string(depth + 1) + ", got " +
                    (v.is_array() ? std::to_string(v.size()) : std::string(v.type_name())));
    }
    for (const json& item : v) ReadNested(item, depth + 1, t, name);
}

Tensor ReadTensor(const json& v, size_t rank, const std::string& name) {
    Tensor t;
    const json* level = &v;
    for (size_t d = 0; d < rank; ++d) {
        if (!level->is_array() || level->empty()) {
            throw Error(name + " must be a nested list of rank " + std::to_string(rank) + " (" +
                        (rank == 1 ? std::string("C_out values") : "N, C, spatial...") + ")");
        }
        t.shape.push_back(static_cast<int64_t>(level->size()));
        level = &(*level)[0];
    }
    const int64_t count = CheckedElementCount(t.shape, name.c_str());
    t.data.reserve(static_cast<size_t>(count));
    ReadNested(v, 0, t, name);
    return t;
}

size_t NestedRank(const json& v) {
    size_t rank = 0;
    for (const json* level = &v; level->is_array() && !level->empty() && rank < 8;
         level = &(*level)[0])
        ++rank;
    return rank;
}

// JSON has no infinity: a max-pooling window lying wholly in padding (-inf in PyTorch) is
// written as the string "-inf" ("inf" and "nan" likewise), which Python's float() and
// numpy's asarray(..., dtype=float) read back exactly; null would read back as nan or fail.
json ValueJson(float v) {
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
    return static_cast<double>(v);
}

json NestedFromTensor(const Tensor& t, size_t depth, size_t& offset) {
    json out = json::array();
    if (depth + 1 == t.shape.size()) {
        for (int64_t i = 0; i < t.shape[depth]; ++i) out.push_back(ValueJson(t.data[offset++]));
        return out;
    }
    for (int64_t i = 0; i < t.shape[depth]; ++i)
        out.push_back(NestedFromTensor(t, depth + 1, offset));
    return out;
}

// Counts are computed in double (they may exceed 64 bits for absurd layers); whole
// numbers that fit print as integers.
json ShapeJson(const Layer& layer, const Shape& shape) {
    json out = {{"output", shape.output},
                {"pads", PadsJson(shape.pads)},
                {"effective_kernel", shape.effective_kernel}};
    const LayerTypeInfo& info = TypeInfo(layer.type);
    if (info.Has(kLayerOutputPadding)) out["output_padding"] = shape.output_padding;
    if (info.Has(kLayerCeilMode) && layer.ceil_mode) {
        out["ceil_window_dropped"] = shape.ceil_window_dropped;
    }
    const LayerCost cost = ComputeCost(layer, shape);
    // Parameters and MACs are the weights' (pooling has none).
    if (cost.known && info.Has(kLayerHasWeights)) {
        out["parameters"] = CountJson(cost.parameters);
        out["macs"] = CountJson(cost.macs);
    }
    return out;
}

int DimsOf(const std::vector<int64_t>& sizes) { return static_cast<int>(sizes.size()); }

const json& LayerOf(const json& request) {
    if (!request.contains("layer")) throw Error("the request needs \"layer\": a layer description");
    return request["layer"];
}

// ---- 2. One handler per op ----------------------------------------------------------

json OpShape(const json& request) {
    const std::vector<int64_t> input = ReadSizes(request, "input");
    const ValidLayer layer = ParseLayer(LayerOf(request), DimsOf(input));
    return ShapeJson(layer, ComputeShape(input, layer));
}

json OpConv(const json& request) {
    if (!request.contains("x"))
        throw Error("the request needs \"x\": the input as a nested list (N, C, spatial...)");
    const size_t rank = NestedRank(request["x"]);
    if (rank < 3 || rank > 5) {
        throw Error(
            "x must be a nested list of rank 3 to 5 (N, C, then 1 to 3 spatial sizes), got rank " +
            std::to_string(rank));
    }
    const ValidLayer layer = ParseLayer(LayerOf(request), static_cast<int>(rank) - 2);
    const Tensor x = ReadTensor(request["x"], rank, "x");
    Tensor w, b;
    LayerInputs in;
    in.x = &x;
    if (request.contains("w")) {
        w = ReadTensor(request["w"], rank, "w");
        in.w = &w;
    }
    if (request.contains("b") && !request["b"].is_null()) {
        b = ReadTensor(request["b"], 1, "b");
        in.b = &b;
    }
    KernelChoice choice = KernelChoice::Fast;
    if (request.contains("kernel_impl")) {
        const json& k = request["kernel_impl"];
        if (k == "reference")
            choice = KernelChoice::Reference;
        else if (k != "fast")
            throw Error("kernel_impl must be \"fast\" or \"reference\"");
    }
    Tensor y;
    Shape shape;
    const ConvProblem problem = PrepareProblem(layer, in, &shape, &y);
    if (static_cast<int64_t>(y.data.size()) > kMaxResponseValues) {
        throw Error("the output would hold " + std::to_string(y.data.size()) +
                    " values, more than a JSON response may carry (" +
                    std::to_string(kMaxResponseValues) + ")");
    }
    RunProblem(problem, choice);
    size_t offset = 0;
    json out = {
        {"output", y.shape}, {"y", NestedFromTensor(y, 0, offset)}, {"pads", PadsJson(shape.pads)}};
    return out;
}

json OpSolvePadding(const json& request) {
    const std::vector<int64_t> input = ReadSizes(request, "input");
    const std::vector<int64_t> target = ReadSizes(request, "target");
    if (target.size() != input.size())
        throw Error("target needs as many sizes as input (" + std::to_string(input.size()) + ")");
    const ValidLayer layer = ParseLayer(LayerOf(request), DimsOf(input));
    json solutions = json::array();
    for (const PaddingSolution& s : SolvePadding(input, target, layer)) {
        json item = {{"pads", PadsJson(s.pads)}, {"symmetric", s.symmetric}};
        if (TypeInfo(layer->type).Has(kLayerOutputPadding)) {
            item["output_padding"] = s.output_padding;
        } else {
            // The same pads as each framework writes them, for padding the input by hand.
            item["pytorch_pad"] = TorchPadTuple(s.pads);
            item["keras_zero_padding"] = KerasPairs(s.pads);
            item["onnx_pads"] = OnnxPadsText(s.pads);
        }
        solutions.push_back(item);
    }
    return {{"solutions", solutions}};
}

json OpReceptiveField(const json& request) {
    const std::vector<int64_t> input = ReadSizes(request, "input");
    if (!request.contains("layers") || !request["layers"].is_array()) {
        throw Error("the request needs \"layers\": a list of layer descriptions");
    }
    const json& list = request["layers"];
    if (list.size() > 1000)
        throw Error("a stack may have at most 1000 layers, got " + std::to_string(list.size()));
    std::vector<Layer> layers;
    for (size_t i = 0; i < list.size(); ++i) {
        try {
            layers.push_back(ParseLayer(list[i], DimsOf(input)));
        } catch (const Error& e) {
            throw Error("layer " + std::to_string(i + 1) + ": " + e.what());
        }
    }
    json out_layers = json::array();
    // A range no input reaches (a transposed layer's output_padding) is null.
    const auto range_json = [](const CellRange& r) {
        return r.Empty() ? json(nullptr) : json({r.lo, r.hi});
    };
    for (const LayerField& f : ComputeReceptiveFields(input, layers)) {
        json ranges = json::array(), central = json::array(), jumps = json::array();
        for (const CellRange& r : f.range) ranges.push_back(range_json(r));
        for (const CellRange& r : f.central) central.push_back(range_json(r));
        for (const Fraction& j : f.jump)
            jumps.push_back(j.denominator == 1 ? json(j.numerator) : json(j.Value()));
        json item = {{"output", f.shape.output},
                     {"rf", f.rf},
                     {"rf_min", f.rf_min},
                     {"rf_max", f.rf_max},
                     {"jump", jumps},
                     {"range", ranges},
                     {"central", central},
                     {"pads", PadsJson(f.shape.pads)},
                     {"effective_kernel", f.shape.effective_kernel}};
        item["rf_exceeds_input"] = f.rf_exceeds_input;
        item["centre_between_pixels"] = f.centre_between_pixels;
        item["flags"] = RfVariesNotes(f);
        if (f.cost.known) {
            item["parameters"] = CountJson(f.cost.parameters);
            item["macs"] = CountJson(f.cost.macs);
        }
        out_layers.push_back(item);
    }
    return {{"layers", out_layers}};
}

json OpTaps(const json& request) {
    const std::vector<int64_t> input = ReadSizes(request, "input");
    const ValidLayer layer = ParseLayer(LayerOf(request), DimsOf(input));
    const Shape shape = ComputeShape(input, layer);
    json out = ShapeJson(layer, shape);
    const int dims = DimsOf(input);
    const auto read_index = [&](const char* field, const std::vector<int64_t>& limit) {
        const std::vector<int64_t> index = ReadSizes(request, field);
        if (static_cast<int>(index.size()) != dims)
            throw Error(std::string(field) + " needs one index per dimension");
        for (int d = 0; d < dims; ++d) {
            if (index[d] < 0 || index[d] >= limit[d]) {
                throw Error(std::string(field) + "[" + std::to_string(d) +
                            "] = " + std::to_string(index[d]) + " is outside 0.." +
                            std::to_string(limit[d] - 1));
            }
        }
        return index;
    };
    if (request.contains("output_index")) {
        const std::vector<int64_t> index = read_index("output_index", shape.output);
        json taps = json::array();
        for (int d = 0; d < dims; ++d) {
            json axis = json::array();
            for (const AxisTap& t : TapsOfOutput(layer, shape, d, index[d])) {
                axis.push_back({{"tap", t.tap},
                                {"input", t.input},
                                {"padding", t.input < 0 || t.input >= input[d]}});
            }
            taps.push_back(axis);
        }
        out["taps"] = taps;
    }
    if (request.contains("input_index")) {
        const std::vector<int64_t> index = read_index("input_index", input);
        json outputs = json::array();
        for (int d = 0; d < dims; ++d)
            outputs.push_back(OutputsReadingInput(layer, shape, d, index[d]));
        out["outputs"] = outputs;
    }
    if (!request.contains("output_index") && !request.contains("input_index")) {
        throw Error(
            "the taps request needs \"output_index\" (which input cells an output reads) or "
            "\"input_index\" (which outputs read an input cell)");
    }
    return out;
}

json OpCode(const json& request) {
    const std::vector<int64_t> input = ReadSizes(request, "input");
    const ValidLayer layer = ParseLayer(LayerOf(request), DimsOf(input));
    const CodeExport code = ExportCode(layer, input);
    return {{"pytorch", code.pytorch}, {"keras", code.keras},
            {"onnx", code.onnx},       {"notes", code.notes},
            {"output", code.output},   {"channels", {code.in_channels, code.out_channels}}};
}

json OpVersion(const json&) { return {{"version", kVersion}, {"simd", SimdIsaName()}}; }

// ---- 3. Parsing and dispatch ------------------------------------------------------

struct OpHandler {
    const char* op;
    json (*answer)(const json& request);
};

// Every op, once: dispatch and the messages that list the ops read this table.
const std::vector<OpHandler>& Handlers() {
    static const std::vector<OpHandler> handlers = {
        {"shape", OpShape},
        {"conv", OpConv},
        {"solve_padding", OpSolvePadding},
        {"receptive_field", OpReceptiveField},
        {"taps", OpTaps},
        {"code", OpCode},
        {"version", OpVersion},
        // The receptive-field explorer's requests (json_rf_ops.cpp).
        {"presets", rf_ops::OpPresets},
        {"network_from_text", rf_ops::OpNetworkFromText},
        {"network_to_text", rf_ops::OpNetworkToText},
        {"rf_table", rf_ops::OpRfTable},
        {"effective_rf", rf_ops::OpEffectiveRf},
        {"unet_plan", rf_ops::OpUNetPlan},
        {"graph", graph_ops::OpGraph},
        // Exercise cards (json_exercise_ops.cpp).
        {"exercises", exercise_ops::OpExercises},
        {"exercise", exercise_ops::OpExercise}};
    return handlers;
}

// "shape, conv, ..." in the table's order.
std::string OpList() {
    std::string list;
    for (const OpHandler& h : Handlers()) list += (list.empty() ? "" : ", ") + std::string(h.op);
    return list;
}

}  // namespace

json Evaluate(const json& request) {
    if (!request.is_object()) throw Error("a request must be a JSON object with an \"op\" field");
    if (!request.contains("op") || !request["op"].is_string()) {
        throw Error("the request needs \"op\": one of " + OpList());
    }
    const std::string op = request["op"].get<std::string>();
    const auto& handlers = Handlers();
    const auto it = std::find_if(handlers.begin(), handlers.end(),
                                 [&](const OpHandler& h) { return op == h.op; });
    if (it == handlers.end()) {
        throw Error("unknown op '" + op.substr(0, 40) + "' (known: " + OpList() + ")");
    }
    json response = it->answer(request);
    if (request.contains("id")) response["id"] = request["id"];
    return response;
}

std::string EvalRequest(const std::string& request_text) {
    return AnswerJsonText(request_text, Evaluate);
}

}  // namespace convscope
