// Shapes and receptive fields on graphs: chains checked against ComputeReceptiveFields,
// branches and merges (residual blocks, U-Net skips, misaligned paths), resizes, ONNX's
// shape rules, and nodes the analysis cannot follow.
#include <algorithm>
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/graph/graph_analysis.h"
#include "core/layer/error.h"
#include "core/network/effective_rf.h"
#include "core/network/network_presets.h"
#include "core/network/receptive_field.h"
#include "helpers.h"

using namespace convscope;
using namespace convscope::test;

namespace {

using Ints = std::vector<int64_t>;

// Builds a Graph node by node; values are named by their producing node.
struct GraphBuilder {
    Graph graph;

    explicit GraphBuilder(Ints input_shape, int64_t opset = 13, std::string name = "x") {
        graph.opset = opset;
        GraphValue input;
        input.name = std::move(name);
        input.has_shape = true;
        for (const int64_t s : input_shape) input.shape.push_back(GraphDim{s, ""});
        graph.inputs.push_back(input);
    }

    // An integer or float constant with values (shapes, axes, scales).
    std::string Constant(const std::string& name, Ints dims, Ints values) {
        GraphConstant c;
        c.dims = std::move(dims);
        c.is_integer = true;
        c.has_values = true;
        c.ints = std::move(values);
        graph.constants[name] = c;
        return name;
    }
    std::string FloatConstant(const std::string& name, Ints dims, std::vector<double> values) {
        GraphConstant c;
        c.dims = std::move(dims);
        c.has_values = true;
        c.floats = std::move(values);
        graph.constants[name] = c;
        return name;
    }
    // Weights: dimensions only.
    std::string Weights(const std::string& name, Ints dims) {
        GraphConstant c;
        c.dims = std::move(dims);
        graph.constants[name] = c;
        return name;
    }

    // A node whose single output is named after it.
    std::string Node(const std::string& op, const std::string& name,
                     std::vector<std::string> inputs,
                     std::map<std::string, GraphAttribute> attributes = {}, size_t outputs = 1) {
        GraphNode node;
        node.op = op;
        node.name = name;
        node.inputs = std::move(inputs);
        for (size_t k = 0; k < outputs; ++k)
            node.outputs.push_back(outputs == 1 ? name : name + "_" + std::to_string(k));
        node.attributes = std::move(attributes);
        graph.nodes.push_back(node);
        return node.outputs.front();
    }

    // A convolution with fresh weights [out, in/group, k...]; `dims` spatial dimensions.
    std::string Conv(const std::string& name, const std::string& input, int64_t in, int64_t out,
                     Ints kernel, Ints strides, Ints pads, Ints dilations = {}) {
        Ints w = {out, in};
        w.insert(w.end(), kernel.begin(), kernel.end());
        std::map<std::string, GraphAttribute> a = {
            {"kernel_shape", List(kernel)}, {"strides", List(strides)}, {"pads", List(pads)}};
        if (!dilations.empty()) a["dilations"] = List(dilations);
        return Node("Conv", name, {input, Weights(name + ".w", w)}, a);
    }

    void Output(const std::string& name) { graph.outputs.push_back(GraphValue{name, false, {}}); }

    static GraphAttribute List(Ints values) {
        GraphAttribute a;
        a.ints = std::move(values);
        a.is_list = true;
        return a;
    }
    static GraphAttribute Int(int64_t value) {
        GraphAttribute a;
        a.ints = {value};
        return a;
    }
    static GraphAttribute Text(std::string text) {
        GraphAttribute a;
        a.text = std::move(text);
        return a;
    }
    static GraphAttribute Floats(std::vector<double> values) {
        GraphAttribute a;
        a.floats = std::move(values);
        a.is_list = true;
        return a;
    }
};

const NodeAnalysis& Find(const GraphAnalysis& analysis, const std::string& name) {
    for (const NodeAnalysis& n : analysis.nodes)
        if (n.name == name) return n;
    FAIL("no node " << name);
    return analysis.nodes.front();
}

bool HasFlag(const NodeAnalysis& node, const std::string& text) {
    for (const std::string& f : node.flags)
        if (f.find(text) != std::string::npos) return true;
    return false;
}

std::string Flags(const NodeAnalysis& node) {
    std::string all;
    for (const std::string& f : node.flags) all += f + " | ";
    return all;
}

// A chain of core layers as graph nodes "l1", "l2", ... (one channel, weights [1, 1, k...]).
Graph ChainGraph(const Ints& spatial, const std::vector<Layer>& layers) {
    Ints shape = {1, 1};
    shape.insert(shape.end(), spatial.begin(), spatial.end());
    GraphBuilder b(shape);
    std::string v = "x";
    for (size_t l = 0; l < layers.size(); ++l) {
        const Layer& layer = layers[l];
        const std::string name = "l" + std::to_string(l + 1);
        Ints pads;
        for (const PadPair& p : layer.padding) pads.push_back(p.before);
        for (const PadPair& p : layer.padding) pads.push_back(p.after);
        std::map<std::string, GraphAttribute> a = {
            {"kernel_shape", GraphBuilder::List(layer.kernel)},
            {"strides", GraphBuilder::List(layer.stride)},
            {"pads", GraphBuilder::List(pads)},
            {"dilations", GraphBuilder::List(layer.dilation)}};
        Ints w = {1, 1};
        w.insert(w.end(), layer.kernel.begin(), layer.kernel.end());
        switch (layer.type) {
            case LayerType::Conv:
                v = b.Node("Conv", name, {v, b.Weights(name + ".w", w)}, a);
                break;
            case LayerType::ConvTranspose:
                a["output_padding"] = GraphBuilder::List(layer.output_padding);
                v = b.Node("ConvTranspose", name, {v, b.Weights(name + ".w", w)}, a);
                break;
            case LayerType::MaxPool:
            case LayerType::AvgPool:
                a["ceil_mode"] = GraphBuilder::Int(layer.ceil_mode ? 1 : 0);
                v = b.Node(layer.type == LayerType::MaxPool ? "MaxPool" : "AveragePool", name, {v},
                           a);
                break;
        }
    }
    b.Output(v);
    return b.graph;
}

// Every layer of the chain: the graph's shape, first-unit range, jump, rf (central unit),
// rf_min and rf_max equal ComputeReceptiveFields's, and its rf, rf_min and rf_max equal
// TraceUnit's over all units. Returns the number of layers compared.
int CompareChain(const Ints& spatial, const std::vector<Layer>& layers) {
    const std::vector<LayerField> core = ComputeReceptiveFields(spatial, layers);
    const GraphAnalysis a = AnalyseGraph(ChainGraph(spatial, layers), {});
    std::vector<Shape> shapes;
    for (const LayerField& f : core) shapes.push_back(f.shape);
    const int dims = static_cast<int>(spatial.size());
    for (size_t l = 0; l < layers.size(); ++l) {
        const NodeAnalysis& node = a.nodes[l];
        std::string stack;
        for (const Layer& layer : layers) {
            stack += LayerTypeName(layer.type);
            for (int e = 0; e < dims; ++e) {
                stack += " [k" + std::to_string(layer.kernel[e]) + " s" +
                         std::to_string(layer.stride[e]) + " d" +
                         std::to_string(layer.dilation[e]) + " p" +
                         std::to_string(layer.padding[e].before) + ":" +
                         std::to_string(layer.padding[e].after) + " op" +
                         std::to_string(layer.output_padding[e]) + "]";
            }
            stack += layer.ceil_mode ? " ceil; " : "; ";
        }
        INFO("input " << spatial[0] << ": " << stack);
        INFO("layer " << l + 1 << " " << LayerTypeName(layers[l].type) << " " << Flags(node));
        REQUIRE(node.fields.size() == spatial.size());
        for (int d = 0; d < dims; ++d) {
            const DimField& f = node.fields[static_cast<size_t>(d)];
            REQUIRE(node.shape[static_cast<size_t>(2 + d)] == core[l].shape.output[d]);
            REQUIRE(f.range.lo == core[l].range[d].lo);
            REQUIRE(f.range.hi == core[l].range[d].hi);
            REQUIRE(f.central.lo == core[l].central[d].lo);
            REQUIRE(f.central.hi == core[l].central[d].hi);
            REQUIRE(f.rf == core[l].rf[d]);
            REQUIRE(f.rf_min == core[l].rf_min[d]);
            REQUIRE(f.rf_max == core[l].rf_max[d]);
            REQUIRE(f.jump.numerator == core[l].jump[d].numerator);
            REQUIRE(f.jump.denominator == core[l].jump[d].denominator);
            // Every unit's span by the core's tracing.
            const int64_t size = core[l].shape.output[d];
            int64_t lo = -1, hi = -1;
            for (int64_t u = 0; u < size; ++u) {
                std::vector<int64_t> unit(static_cast<size_t>(dims), 0);
                unit[static_cast<size_t>(d)] = u;
                const int64_t span =
                    TraceUnit(layers, shapes, l, unit)[static_cast<size_t>(d)].Size();
                if (u == (size - 1) / 2) REQUIRE(f.rf == span);
                lo = u == 0 ? span : std::min(lo, span);
                hi = u == 0 ? span : std::max(hi, span);
            }
            REQUIRE(f.rf_min == lo);
            REQUIRE(f.rf_max == hi);
        }
    }
    return static_cast<int>(layers.size());
}

Layer Pool(Ints kernel, Ints stride, Ints pad, LayerType type = LayerType::MaxPool) {
    return Conv(std::move(kernel), std::move(stride), std::move(pad), {}, type);
}

Layer Transposed(Ints kernel, Ints stride, Ints pad, Ints output_padding = {}) {
    Layer layer =
        Conv(std::move(kernel), std::move(stride), std::move(pad), {}, LayerType::ConvTranspose);
    if (!output_padding.empty()) layer.output_padding = output_padding;
    return layer;
}

}  // namespace

// ---- Chains against the core's stack tracing ----

TEST_CASE("graph chains: VGG-like stack equals ComputeReceptiveFields", "[graph][chain]") {
    std::vector<Layer> vgg;
    const int blocks[3] = {2, 2, 3};
    for (int b = 0; b < 3; ++b) {
        for (int c = 0; c < blocks[b]; ++c) vgg.push_back(Conv({3, 3}, {1, 1}, {1, 1}));
        vgg.push_back(Pool({2, 2}, {2, 2}, {0, 0}));
    }
    CHECK(CompareChain({64, 64}, vgg) == 10);
    const GraphAnalysis a = AnalyseGraph(ChainGraph({64, 64}, vgg), {});
    // Published-style numbers for conv3 x2, pool, conv3 x2, pool, conv3 x3, pool: rf 44, jump 8.
    CHECK(a.nodes.back().fields[0].rf == 44);
    CHECK(a.nodes.back().fields[0].jump.numerator == 8);
    CHECK(a.nodes.back().shape == Ints{1, 1, 8, 8});
}

TEST_CASE("graph chains: ResNet stem conv7s2p3 + maxpool3s2p1", "[graph][chain]") {
    const std::vector<Layer> stem = {Conv({7, 7}, {2, 2}, {3, 3}), Pool({3, 3}, {2, 2}, {1, 1})};
    CHECK(CompareChain({224, 224}, stem) == 2);
    const GraphAnalysis a = AnalyseGraph(ChainGraph({224, 224}, stem), {});
    // conv: [-3, 3], jump 2; pool: [-3 - 2, 3 + 2] = [-5, 5], rf 11, jump 4, 56 x 56.
    const NodeAnalysis& pool = a.nodes[1];
    CHECK(pool.shape == Ints{1, 1, 56, 56});
    CHECK(pool.fields[0].range.lo == -5);
    CHECK(pool.fields[0].range.hi == 5);
    CHECK(pool.fields[1].rf == 11);
    CHECK(pool.fields[1].jump.numerator == 4);
    CHECK(a.outputs.size() == 1);
    CHECK(a.outputs[0].name == "l2");
    CHECK(a.outputs[0].op == "MaxPool");
    CHECK(a.outputs[0].fields[0].rf == 11);
}

TEST_CASE("graph chains: transposed layers, fractional jumps", "[graph][chain]") {
    CHECK(CompareChain({16}, {Conv({3}, {2}, {1}), Transposed({4}, {2}, {1}), Conv({3}, {1}, {1}),
                              Transposed({3}, {2}, {1}, {1}), Conv({3}, {1}, {1})}) == 5);
    CHECK(CompareChain({9, 7}, {Transposed({3, 2}, {2, 3}, {1, 0}), Pool({2, 2}, {2, 2}, {1, 1}),
                                Transposed({5, 3}, {3, 2}, {2, 1}, {1, 1})}) == 3);
    const std::vector<Layer> up = {Transposed({3}, {2}, {1})};
    const GraphAnalysis a = AnalyseGraph(ChainGraph({8}, up), {});
    CHECK(a.nodes[0].fields[0].jump.numerator == 1);
    CHECK(a.nodes[0].fields[0].jump.denominator == 2);
    // Output 0 (uncropped 1) reads input 0 through tap 1; output 1 (uncropped 2) reads
    // inputs 0 and 1: spans alternate 1 and 2.
    CHECK(a.nodes[0].fields[0].rf_min == 1);
    CHECK(a.nodes[0].fields[0].rf_max == 2);
    CHECK(HasFlag(a.nodes[0], "rf varies from unit to unit (min 1, max 2)"));
}

TEST_CASE("graph chains: random stacks equal the core's tracing", "[graph][chain]") {
    std::mt19937 rng(11);
    const auto pick = [&](int64_t lo, int64_t hi) {
        return lo + static_cast<int64_t>(rng() % static_cast<uint32_t>(hi - lo + 1));
    };
    int compared = 0;
    for (int n = 0; n < 150; ++n) {
        const int dims = static_cast<int>(pick(1, 2));
        std::vector<Layer> layers;
        const int count = static_cast<int>(pick(1, 6));
        // TraceUnit follows a window as the whole span of the units below it, the graph only
        // the units its taps read. The two agree while every unit in a span reads inputs
        // within those of the span's ends, which holds above a transposed layer when no later
        // window skips units (dilation 1, stride <= kernel) and each transposed layer feeds
        // every output unit (k >= s); see the next test for a stack where they differ.
        bool transposed = false;
        for (int i = 0; i < count; ++i) {
            const LayerType type = static_cast<LayerType>(pick(0, 3));
            Layer layer = MakeLayer(type, Ints(static_cast<size_t>(dims), pick(1, 4)));
            for (int d = 0; d < dims; ++d) {
                layer.stride[d] = pick(1, 3);
                if (type != LayerType::AvgPool) layer.dilation[d] = pick(1, 2);
                const int64_t limit = layer.IsPooling() ? layer.kernel[d] / 2 : 3;
                layer.padding[d] = PadPair{pick(0, limit), 0};
                layer.padding[d].after = layer.IsPooling() ? layer.padding[d].before : pick(0, 3);
                if (transposed || type == LayerType::ConvTranspose) {
                    layer.dilation[d] = 1;
                    layer.stride[d] = pick(1, layer.kernel[d]);
                }
                if (type == LayerType::ConvTranspose)
                    layer.output_padding[d] = pick(0, layer.stride[d] - 1);
            }
            layer.padding_asymmetric = true;
            layer.ceil_mode = layer.IsPooling() && rng() % 2;
            transposed = transposed || type == LayerType::ConvTranspose;
            layers.push_back(layer);
        }
        const Ints input(static_cast<size_t>(dims), pick(5, 24));
        try {
            ComputeReceptiveFields(input, layers);
        } catch (const Error&) {
            continue;  // a stack PyTorch refuses
        }
        compared += CompareChain(input, layers);
    }
    CHECK(compared > 150);
}

TEST_CASE("graph chains: a dilated window reads its taps, not the cells between",
          "[graph][chain]") {
    // Transposed k1 s2 with pad 1: output o reads input (o + 1) / 2 when o is odd and nothing
    // when o is even. A max pool k2 d2 s3 reads units 3p and 3p + 2, of the same parity: for
    // even 3p both are empty, so the pool's unit depends on no input cell (rf 0), though the
    // unit it skips, 3p + 1, does. The stack follows the taps too, as the graph does.
    const std::vector<Layer> layers = {Transposed({1}, {2}, {1}),
                                       Conv({2}, {3}, {0}, {2}, LayerType::MaxPool)};
    const GraphAnalysis a = AnalyseGraph(ChainGraph({12}, layers), {});
    const NodeAnalysis& pool = a.nodes[1];
    CHECK(pool.shape == Ints{1, 1, 7});
    CHECK(pool.fields[0].range.Empty());  // unit 0 reads units 0 and 2: both even
    CHECK(pool.fields[0].rf_min == 0);
    CHECK(pool.fields[0].rf_max == 2);  // odd 3p: units 3p, 3p + 2 read two inputs
    // The central unit, 3: units 9 and 11 read inputs 5 and 6.
    CHECK(pool.fields[0].rf == 2);
    const LayerField stack = ComputeReceptiveFields({12}, layers)[1];
    CHECK(stack.range[0].Empty());
    CHECK(stack.rf[0] == 2);
    CHECK(stack.rf_min[0] == 0);
    CHECK(stack.rf_max[0] == 2);
    CHECK(CompareChain({12}, layers) == 2);
}

TEST_CASE("stack and graph agree on rf, rf_min and rf_max where units differ",
          "[graph][chain][rf_units]") {
    // A stride-2 conv, a nearest x2 up-sampling (a k2 s2 transposed conv with equal weights)
    // and a 3x3 conv: the first unit reaches into padding and sees 3 cells, every interior
    // unit 5, the last again 3 (beyond the edge the transposed layer has no input).
    const std::vector<Layer> up = {Conv({3}, {2}, {1}), Transposed({2}, {2}, {0}),
                                   Conv({3}, {1}, {1})};
    CHECK(CompareChain({16}, up) == 3);
    const LayerField last = ComputeReceptiveFields({16}, up).back();
    CHECK(last.range[0].Size() == 3);
    CHECK(last.rf[0] == 5);
    CHECK(last.rf_min[0] == 3);
    CHECK(last.rf_max[0] == 5);
    CHECK(RfVariesNotes(last) ==
          std::vector<std::string>{"rf varies from unit to unit (min 3, max 5)"});
    // Only one dimension varies: the note names it.
    const std::vector<Layer> wide = {Conv({1, 3}, {1, 2}, {0, 1}),
                                     Transposed({1, 2}, {1, 2}, {0, 0}),
                                     Conv({1, 3}, {1, 1}, {0, 1})};
    CHECK(CompareChain({5, 16}, wide) == 3);
    CHECK(RfVariesNotes(ComputeReceptiveFields({5, 16}, wide).back()) ==
          std::vector<std::string>{"rf varies from unit to unit (min 3, max 5) in width"});
    // Transposed convolutions of every kind in a row, with output_padding (units no input
    // reaches: rf_min 0) and stride larger than the kernel.
    CHECK(CompareChain({11}, {Transposed({3}, {2}, {1}, {1}), Conv({3}, {1}, {1}),
                              Transposed({2}, {3}, {0}, {2}), Conv({2}, {2}, {0}, {2})}) == 4);
    CHECK(CompareChain({6, 9}, {Conv({3, 3}, {2, 2}, {1, 1}), Transposed({4, 3}, {2, 3}, {1, 0}),
                                Pool({3, 3}, {1, 1}, {1, 1}), Transposed({1, 1}, {2, 2}, {0, 0}),
                                Conv({3, 3}, {1, 1}, {0, 0}, {2, 2})}) == 5);
    // The valid U-Net: after the up-convolutions units see 188 or 204 cells (the first 188).
    const NetworkPreset* unet = FindNetworkPreset("unet_valid");
    REQUIRE(unet != nullptr);
    CHECK(CompareChain(unet->network.input, unet->network.layers) == 27);
    const LayerField head =
        ComputeReceptiveFields(unet->network.input, unet->network.layers).back();
    CHECK(head.range[0].Size() == 188);
    CHECK(head.rf_min[0] == 188);
    CHECK(head.rf_max[0] == 204);
}

TEST_CASE("stack and graph agree on random stacks of every layer type, unrestricted",
          "[graph][chain][rf_units]") {
    // Dilated and strided windows over transposed outputs, transposed layers whose stride
    // exceeds the kernel: the stack follows each unit's taps as the graph does, and TraceUnit
    // gives every unit's range.
    std::mt19937 rng(29);
    const auto pick = [&](int64_t lo, int64_t hi) {
        return lo + static_cast<int64_t>(rng() % static_cast<uint32_t>(hi - lo + 1));
    };
    int compared = 0, varied = 0;
    for (int n = 0; n < 200; ++n) {
        const int dims = static_cast<int>(pick(1, 2));
        std::vector<Layer> layers;
        const int count = static_cast<int>(pick(1, 6));
        for (int i = 0; i < count; ++i) {
            const LayerType type = static_cast<LayerType>(pick(0, 3));
            Layer layer = MakeLayer(type, Ints(static_cast<size_t>(dims), pick(1, 4)));
            for (int d = 0; d < dims; ++d) {
                layer.stride[d] = pick(1, 3);
                if (type != LayerType::AvgPool) layer.dilation[d] = pick(1, 3);
                const int64_t limit = layer.IsPooling() ? layer.kernel[d] / 2 : 3;
                layer.padding[d] = PadPair{pick(0, limit), 0};
                layer.padding[d].after = layer.IsPooling() ? layer.padding[d].before : pick(0, 3);
                if (type == LayerType::ConvTranspose)
                    layer.output_padding[d] =
                        pick(0, std::max(layer.stride[d], layer.dilation[d]) - 1);
            }
            layer.padding_asymmetric = true;
            layer.ceil_mode = layer.IsPooling() && rng() % 2;
            layers.push_back(layer);
        }
        const Ints input(static_cast<size_t>(dims), pick(5, 24));
        std::vector<LayerField> fields;
        try {
            fields = ComputeReceptiveFields(input, layers);
        } catch (const Error&) {
            continue;  // a stack PyTorch refuses
        }
        compared += CompareChain(input, layers);
        for (const LayerField& f : fields)
            for (size_t d = 0; d < f.rf.size(); ++d) varied += f.RfVaries(d);
    }
    CHECK(compared > 250);
    CHECK(varied > 50);  // the case this is about occurs
}

// ---- Branches and merges ----

TEST_CASE("graph: residual block conv3-conv3 plus identity sees 5 cells, aligned", "[graph]") {
    GraphBuilder b({1, 8, 16, 16});
    std::string v = b.Conv("conv1", "x", 8, 8, {3, 3}, {1, 1}, {1, 1, 1, 1});
    v = b.Node("Relu", "relu1", {v});
    v = b.Conv("conv2", v, 8, 8, {3, 3}, {1, 1}, {1, 1, 1, 1});
    v = b.Node("Add", "add", {v, "x"});
    b.Output(b.Node("Relu", "out", {v}));
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    const NodeAnalysis& add = Find(a, "add");
    CHECK(add.shape == Ints{1, 8, 16, 16});
    REQUIRE(add.fields.size() == 2);
    for (const DimField& f : add.fields) {
        CHECK(f.rf == 5);
        CHECK(f.range.lo == -2);
        CHECK(f.range.hi == 2);
        CHECK(f.jump.numerator == 1);
        CHECK(f.aligned);
    }
    CHECK(add.flags.empty());
    CHECK_FALSE(add.whole_input);
    CHECK(a.outputs[0].fields[1].rf == 5);
}

TEST_CASE("graph: ResNet downsample block is aligned with rf 7 and jump 2", "[graph]") {
    // Main path: conv3x3 s2 p1 gives unit u the cells [2u-1, 2u+1] (jump 2); conv3x3 p1 over
    // it reads units u-1..u+1, so [2(u-1)-1, 2(u+1)+1] = [2u-3, 2u+3]: 7 cells, centre 2u.
    // Shortcut: conv1x1 s2 p0 gives [2u, 2u], centre 2u, jump 2. Same jump and centre:
    // aligned; the union is the main path's [2u-3, 2u+3], rf 7.
    GraphBuilder b({1, 8, 16, 16});
    std::string main = b.Conv("main_a", "x", 8, 16, {3, 3}, {2, 2}, {1, 1, 1, 1});
    main = b.Node("Relu", "main_relu", {main});
    main = b.Conv("main_b", main, 16, 16, {3, 3}, {1, 1}, {1, 1, 1, 1});
    const std::string shortcut = b.Conv("shortcut", "x", 8, 16, {1, 1}, {2, 2}, {0, 0, 0, 0});
    b.Output(b.Node("Add", "add", {main, shortcut}));
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    const NodeAnalysis& add = Find(a, "add");
    CHECK(add.shape == Ints{1, 16, 8, 8});
    for (const DimField& f : add.fields) {
        CHECK(f.rf == 7);
        CHECK(f.rf_min == 7);
        CHECK(f.rf_max == 7);
        CHECK(f.range.lo == -3);
        CHECK(f.range.hi == 3);
        CHECK(f.jump.numerator == 2);
        CHECK(f.jump.denominator == 1);
        CHECK(f.aligned);
    }
    CHECK(add.flags.empty());
    CHECK(Find(a, "shortcut").fields[0].rf == 1);
}

TEST_CASE("graph: a merge of paths whose centres differ is flagged with both names", "[graph]") {
    // conv3 p0 on 9 cells: 7 units, unit 0 = [0, 2] (centre 1). The slice keeps cells 0..6:
    // unit 0 = [0, 0] (centre 0). Same jump, centres 1 vs 0.
    GraphBuilder b({1, 1, 9, 9});
    const std::string conv = b.Conv("conv_a", "x", 1, 1, {3, 3}, {1, 1}, {0, 0, 0, 0});
    const std::string slice =
        b.Node("Slice", "slice_b",
               {"x", b.Constant("starts", {2}, {0, 0}), b.Constant("ends", {2}, {7, 7}),
                b.Constant("axes", {2}, {2, 3})});
    const std::string add = b.Node("Add", "add", {conv, slice});
    b.Output(b.Conv("after", add, 1, 1, {3, 3}, {1, 1}, {1, 1, 1, 1}));
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    CHECK(Find(a, "slice_b").shape == Ints{1, 1, 7, 7});
    const NodeAnalysis& merged = Find(a, "add");
    INFO(Flags(merged));
    CHECK(merged.flags.size() == 1);  // the same in both dimensions: said once
    CHECK(HasFlag(merged,
                  "misaligned: inputs from 'conv_a' and 'slice_b' disagree on centre (1 vs 0)"));
    CHECK_FALSE(merged.fields[0].aligned);
    CHECK_FALSE(merged.fields[1].aligned);
    CHECK(merged.fields[0].range.lo == 0);
    CHECK(merged.fields[0].range.hi == 2);
    // Downstream keeps computing, and keeps the mark.
    const NodeAnalysis& after = Find(a, "after");
    CHECK(after.shape == Ints{1, 1, 7, 7});
    CHECK_FALSE(after.fields[0].aligned);
    CHECK(after.fields[0].rf == 5);
}

TEST_CASE("graph: a merge of paths whose jumps differ is flagged", "[graph]") {
    // conv k2 s2 on 16 cells: 8 units, jump 2; a slice of the first 8 cells: jump 1.
    GraphBuilder b({1, 1, 16});
    const std::string strided = b.Conv("strided", "x", 1, 1, {2}, {2}, {0, 0});
    const std::string slice = b.Node(
        "Slice", "first8",
        {"x", b.Constant("s", {1}, {0}), b.Constant("e", {1}, {8}), b.Constant("ax", {1}, {2})});
    b.Node("Concat", "cat", {strided, slice}, {{"axis", GraphBuilder::Int(1)}});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    const NodeAnalysis& cat = Find(a, "cat");
    CHECK(cat.shape == Ints{1, 2, 8});
    CHECK(HasFlag(cat, "misaligned: inputs from 'strided' and 'first8' disagree on jump (2 vs 1)"));
    CHECK_FALSE(cat.fields[0].aligned);
    CHECK(cat.fields[0].jump.numerator == 2);
}

TEST_CASE("graph: stride-2 conv, nearest x2 resize, conv3 p1", "[graph][resize]") {
    // conv k3 s2 p1: unit u = [2u-1, 2u+1], jump 2. Nearest x2 (half_pixel,
    // round_prefer_floor) reads source unit floor(o/2): jump 1. conv3 p1 unit v reads resize
    // units v-1..v+1: unit 0 reads source 0 three times (the one beyond the edge clamps to 0):
    // [-1, 1], rf 3; an interior unit reads two source units: rf 5; the last reads source 7:
    // rf 3.
    GraphBuilder b({1, 1, 16});
    std::string v = b.Conv("down", "x", 1, 1, {3}, {2}, {1, 1});
    v = b.Node("Resize", "up", {v, "", b.FloatConstant("scales", {3}, {1, 1, 2})},
               {{"mode", GraphBuilder::Text("nearest")}});
    v = b.Conv("conv", v, 1, 1, {3}, {1}, {1, 1});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    const NodeAnalysis& up = Find(a, "up");
    CHECK(up.shape == Ints{1, 1, 16});
    CHECK(up.fields[0].jump.numerator == 1);
    CHECK(up.fields[0].jump.denominator == 1);
    CHECK(up.fields[0].rf == 3);
    const NodeAnalysis& conv = Find(a, "conv");
    const DimField& f = conv.fields[0];
    CHECK(f.range.lo == -1);
    CHECK(f.range.hi == 1);
    CHECK(f.range.Size() == 3);
    CHECK(f.rf == 5);
    CHECK(f.rf_min == 3);
    CHECK(f.rf_max == 5);
    CHECK(f.jump.numerator == 1);
    CHECK(f.jump.denominator == 1);
    CHECK(HasFlag(conv, "rf varies from unit to unit (min 3, max 5)"));
}

TEST_CASE("graph: U-Net-like concat of an upsampled path and a skip", "[graph]") {
    // enc1 conv3 p1: [u-1, u+1]. pool 2: [2p-1, 2p+2]. enc2 conv3 p1: [2q-3, 2q+4] (jump 2).
    // up (transposed k2 s2): unit o reads enc2 unit floor(o/2): unit 0 = [-3, 4], centre 0.5,
    // jump 1; the skip's unit 0 = [-1, 1], centre 0: the half-cell shift of k2 s2 upsampling.
    GraphBuilder b({1, 1, 16, 16});
    const std::string enc1 = b.Conv("enc1", "x", 1, 4, {3, 3}, {1, 1}, {1, 1, 1, 1});
    std::string v = b.Node(
        "MaxPool", "pool", {enc1},
        {{"kernel_shape", GraphBuilder::List({2, 2})}, {"strides", GraphBuilder::List({2, 2})}});
    v = b.Conv("enc2", v, 4, 8, {3, 3}, {1, 1}, {1, 1, 1, 1});
    v = b.Node(
        "ConvTranspose", "up", {v, b.Weights("up.w", {8, 4, 2, 2})},
        {{"kernel_shape", GraphBuilder::List({2, 2})}, {"strides", GraphBuilder::List({2, 2})}});
    v = b.Node("Concat", "cat", {v, enc1}, {{"axis", GraphBuilder::Int(1)}});
    v = b.Conv("dec", v, 8, 4, {3, 3}, {1, 1}, {1, 1, 1, 1});
    b.Output(v);
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    CHECK(Find(a, "enc2").fields[0].rf == 8);
    CHECK(Find(a, "enc2").fields[0].jump.numerator == 2);
    const NodeAnalysis& up = Find(a, "up");
    CHECK(up.shape == Ints{1, 4, 16, 16});
    CHECK(up.fields[0].range.lo == -3);
    CHECK(up.fields[0].range.hi == 4);
    CHECK(up.fields[0].jump.numerator == 1);
    const NodeAnalysis& cat = Find(a, "cat");
    CHECK(cat.shape == Ints{1, 8, 16, 16});
    CHECK(HasFlag(cat, "misaligned: inputs from 'up' and 'enc1' disagree on centre (0.5 vs 0)"));
    CHECK(cat.fields[1].range.lo == -3);
    CHECK(cat.fields[1].range.hi == 4);
    // dec unit 0 reads cat units -1..1: [-3, 4]; interior units read two enc2 units: 10
    // cells; the last reads one (beyond the edge the transposed layer has no input): 8.
    const NodeAnalysis& dec = Find(a, "dec");
    CHECK(dec.fields[0].range.lo == -3);
    CHECK(dec.fields[0].range.hi == 4);
    CHECK(dec.fields[0].rf == 10);
    CHECK(dec.fields[0].rf_min == 8);
    CHECK(dec.fields[0].rf_max == 10);
    CHECK_FALSE(dec.fields[0].aligned);
}

TEST_CASE("graph: global pooling, Flatten and Gemm depend on the whole input", "[graph]") {
    GraphBuilder b({1, 3, 8, 8});
    std::string v = b.Conv("conv", "x", 3, 16, {3, 3}, {1, 1}, {1, 1, 1, 1});
    v = b.Node("GlobalAveragePool", "gap", {v});
    v = b.Node("Flatten", "flatten", {v}, {{"axis", GraphBuilder::Int(1)}});
    v = b.Node("Gemm", "fc", {v, b.Weights("fc.w", {10, 16}), b.Weights("fc.b", {10})},
               {{"transB", GraphBuilder::Int(1)}});
    b.Output(v);
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    const NodeAnalysis& gap = Find(a, "gap");
    CHECK(gap.shape == Ints{1, 16, 1, 1});
    CHECK(gap.whole_input);
    REQUIRE(gap.fields.size() == 2);
    CHECK(gap.fields[0].range.lo == -1);  // the union of the conv's units, padding included
    CHECK(gap.fields[0].range.hi == 8);
    const NodeAnalysis& flatten = Find(a, "flatten");
    CHECK(flatten.shape == Ints{1, 16});
    CHECK(flatten.whole_input);
    CHECK(flatten.fields.empty());
    CHECK(flatten.flags.empty());  // already whole: nothing was lost
    const NodeAnalysis& fc = Find(a, "fc");
    CHECK(fc.shape == Ints{1, 10});
    CHECK(fc.whole_input);
    CHECK(fc.fields.empty());
    CHECK_FALSE(Find(a, "conv").whole_input);
    CHECK(a.outputs[0].whole_input);
}

TEST_CASE("graph: squeeze-excitation scales every unit by the whole map", "[graph]") {
    GraphBuilder b({1, 4, 8, 8});
    const std::string c1 = b.Conv("c1", "x", 4, 4, {3, 3}, {1, 1}, {1, 1, 1, 1});
    std::string s = b.Node("GlobalAveragePool", "gap", {c1});
    s = b.Conv("fc1", s, 4, 2, {1, 1}, {1, 1}, {0, 0, 0, 0});
    s = b.Conv("fc2", s, 2, 4, {1, 1}, {1, 1}, {0, 0, 0, 0});
    s = b.Node("Sigmoid", "gate", {s});
    b.Node("Mul", "scaled", {c1, s});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    const NodeAnalysis& scaled = Find(a, "scaled");
    CHECK(scaled.shape == Ints{1, 4, 8, 8});
    CHECK(scaled.whole_input);
    CHECK(scaled.fields[0].range.lo == -1);
    CHECK(scaled.fields[0].range.hi == 8);
    CHECK(scaled.fields[0].rf == 10);
    CHECK(scaled.fields[0].aligned);  // a broadcast value has no grid to disagree with
    CHECK(scaled.flags.empty());
    CHECK(Find(a, "fc2").shape == Ints{1, 4, 1, 1});
}

TEST_CASE("graph: an unsupported op stops only what depends on it", "[graph]") {
    GraphBuilder b({1, 3, 8, 8});
    std::string left = b.Node("FancyOp", "fancy", {"x"});
    left = b.Conv("after_fancy", left, 3, 4, {3, 3}, {1, 1}, {1, 1, 1, 1});
    std::string right = b.Conv("right", "x", 3, 4, {3, 3}, {1, 1}, {1, 1, 1, 1});
    right = b.Node("Relu", "right_relu", {right});
    b.Node("FancyOp", "fancy2", {right});
    b.Node("Add", "add", {left, right});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    CHECK(HasFlag(Find(a, "fancy"),
                  "unsupported op FancyOp (node fancy): shapes after it are unknown"));
    CHECK(Find(a, "fancy").shape.empty());
    const NodeAnalysis& after = Find(a, "after_fancy");
    CHECK(after.shape.empty());
    CHECK(after.fields.empty());
    CHECK(HasFlag(after, "input 'fancy' has no known shape"));
    const NodeAnalysis& right_relu = Find(a, "right_relu");
    CHECK(right_relu.shape == Ints{1, 4, 8, 8});
    CHECK(right_relu.fields[0].rf == 3);
    CHECK(Find(a, "add").shape.empty());
    REQUIRE(a.notes.size() == 1);
    CHECK(a.notes[0] == "unsupported ops (shapes after them are unknown): FancyOp");
}

// ---- Ops and their ONNX rules ----

TEST_CASE("graph: Pad reflect, edge, constant and negative pads", "[graph][pad]") {
    const auto analyse = [](const std::string& mode, Ints pads) {
        GraphBuilder b({1, 1, 8});
        std::string v = b.Node("Pad", "pad", {"x", b.Constant("pads", {6}, std::move(pads))},
                               {{"mode", GraphBuilder::Text(mode)}});
        b.Conv("conv", v, 1, 1, {3}, {1}, {0, 0});
        return AnalyseGraph(b.graph, {});
    };
    {
        // reflect by 2: units 0, 1, 2 read cells 2, 1, 0; the conv's unit 0 reads them.
        const GraphAnalysis a = analyse("reflect", {0, 0, 2, 0, 0, 2});
        CHECK(Find(a, "pad").shape == Ints{1, 1, 12});
        CHECK(Find(a, "pad").fields[0].range.lo == 2);
        CHECK(Find(a, "pad").fields[0].range.hi == 2);
        CHECK(Find(a, "conv").fields[0].range.lo == 0);
        CHECK(Find(a, "conv").fields[0].range.hi == 2);
        CHECK(Find(a, "conv").shape == Ints{1, 1, 10});
    }
    {
        const GraphAnalysis a = analyse("edge", {0, 0, 2, 0, 0, 2});
        CHECK(Find(a, "conv").fields[0].range.lo == 0);
        CHECK(Find(a, "conv").fields[0].range.hi == 0);
        CHECK(Find(a, "conv").fields[0].rf_min == 1);  // the first unit sees cell 0 only
    }
    {
        // constant: the pad cells count as cells, extending the line: -2, -1.
        const GraphAnalysis a = analyse("constant", {0, 0, 2, 0, 0, 2});
        CHECK(Find(a, "conv").fields[0].range.lo == -2);
        CHECK(Find(a, "conv").fields[0].range.hi == 0);
        CHECK(Find(a, "conv").fields[0].rf_min == 3);
    }
    {
        const GraphAnalysis a = analyse("constant", {0, 0, -1, 0, 0, -2});
        CHECK(Find(a, "pad").shape == Ints{1, 1, 5});
        CHECK(Find(a, "pad").fields[0].range.lo == 1);
    }
    {
        // Opset 2-10: pads as an attribute.
        GraphBuilder b({1, 1, 8}, 10);
        b.Node("Pad", "pad", {"x"},
               {{"pads", GraphBuilder::List({0, 0, 1, 0, 0, 3})},
                {"mode", GraphBuilder::Text("reflect")}});
        const GraphAnalysis a = AnalyseGraph(b.graph, {});
        CHECK(Find(a, "pad").shape == Ints{1, 1, 12});
        CHECK(Find(a, "pad").fields[0].range.lo == 1);
    }
}

TEST_CASE("graph: AveragePool with pads beyond half the kernel, and ceil_mode", "[graph][pool]") {
    GraphBuilder b({1, 1, 5, 5});
    b.Node(
        "AveragePool", "wide_pads", {"x"},
        {{"kernel_shape", GraphBuilder::List({2, 2})}, {"pads", GraphBuilder::List({2, 2, 2, 2})}});
    b.Node("AveragePool", "ceil_kept", {"x"},
           {{"kernel_shape", GraphBuilder::List({3, 3})},
            {"strides", GraphBuilder::List({2, 2})},
            {"ceil_mode", GraphBuilder::Int(1)}});
    b.Node("MaxPool", "ceil_dropped", {"x"},
           {{"kernel_shape", GraphBuilder::List({2, 2})},
            {"strides", GraphBuilder::List({2, 2})},
            {"pads", GraphBuilder::List({1, 1, 1, 1})},
            {"ceil_mode", GraphBuilder::Int(1)}});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    // (5 + 2 + 2 - 2) / 1 + 1 = 8 (PyTorch would refuse pads 2 on a kernel of 2). The first
    // window lies wholly in the padding: cells -2 and -1.
    const NodeAnalysis& wide = Find(a, "wide_pads");
    CHECK(wide.flags.empty());
    CHECK(wide.shape == Ints{1, 1, 8, 8});
    CHECK(wide.fields[0].range.lo == -2);
    CHECK(wide.fields[0].range.hi == -1);
    // ceil((5 - 3) / 2) + 1 = 2.
    CHECK(Find(a, "ceil_kept").shape == Ints{1, 1, 2, 2});
    // ceil((5 + 2 - 2) / 2) + 1 = 4, but the last window would start at 6 = 5 + 1, in the
    // right padding: dropped, 3.
    CHECK(Find(a, "ceil_dropped").shape == Ints{1, 1, 3, 3});
}

TEST_CASE("graph: Conv auto_pad SAME_UPPER and SAME_LOWER with an even kernel", "[graph]") {
    GraphBuilder b({1, 1, 8});
    const Ints w = {1, 1, 2};
    b.Node("Conv", "upper", {"x", b.Weights("w", w)},
           {{"auto_pad", GraphBuilder::Text("SAME_UPPER")}});
    b.Node("Conv", "lower", {"x", "w"}, {{"auto_pad", GraphBuilder::Text("SAME_LOWER")}});
    b.Node("Conv", "valid", {"x", "w"}, {{"auto_pad", GraphBuilder::Text("VALID")}});
    b.Node("Conv", "upper_s2", {"x", b.Weights("w4", {1, 1, 4})},
           {{"auto_pad", GraphBuilder::Text("SAME_UPPER")}, {"strides", GraphBuilder::List({2})}});
    b.Node("Conv", "lower_s2", {"x", "w4"},
           {{"auto_pad", GraphBuilder::Text("SAME_LOWER")}, {"strides", GraphBuilder::List({2})}});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    // One cell of padding: after (upper) or before (lower).
    CHECK(Find(a, "upper").shape == Ints{1, 1, 8});
    CHECK(Find(a, "lower").shape == Ints{1, 1, 8});
    CHECK(Find(a, "upper").fields[0].range.lo == 0);
    CHECK(Find(a, "upper").fields[0].range.hi == 1);
    CHECK(Find(a, "lower").fields[0].range.lo == -1);
    CHECK(Find(a, "lower").fields[0].range.hi == 0);
    CHECK(Find(a, "valid").shape == Ints{1, 1, 7});
    // k4 s2 on 8: 4 units, total padding 3*2 + 4 - 8 = 2: [1, 1] either way; on 7 it would
    // be 3. Here both split evenly.
    CHECK(Find(a, "upper_s2").shape == Ints{1, 1, 4});
    CHECK(Find(a, "upper_s2").fields[0].range.lo == -1);
    CHECK(Find(a, "lower_s2").fields[0].range.lo == -1);
}

TEST_CASE("graph: ConvTranspose with output_shape and SAME", "[graph]") {
    // k3 s2 on 4 cells: full output (4-1)*2 + 3 = 9. output_shape 8 crops 1 cell: at the
    // beginning by default, at the end under SAME_UPPER.
    GraphBuilder b({1, 1, 4});
    b.Node("ConvTranspose", "default", {"x", b.Weights("w", {1, 1, 3})},
           {{"strides", GraphBuilder::List({2})}, {"output_shape", GraphBuilder::List({8})}});
    b.Node("ConvTranspose", "upper", {"x", "w"},
           {{"strides", GraphBuilder::List({2})},
            {"output_shape", GraphBuilder::List({8})},
            {"auto_pad", GraphBuilder::Text("SAME_UPPER")}});
    b.Node("ConvTranspose", "same", {"x", "w"},
           {{"strides", GraphBuilder::List({2})}, {"auto_pad", GraphBuilder::Text("SAME_LOWER")}});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    CHECK(Find(a, "default").shape == Ints{1, 1, 8});
    CHECK(Find(a, "upper").shape == Ints{1, 1, 8});
    CHECK(Find(a, "same").shape == Ints{1, 1, 8});
    // Central unit 3: uncropped 4 (default) reads inputs 1 and 2; uncropped 3 (upper) reads
    // input 1 only.
    CHECK(Find(a, "default").fields[0].rf == 2);
    CHECK(Find(a, "upper").fields[0].rf == 1);
    CHECK(Find(a, "default").fields[0].jump.denominator == 2);
}

TEST_CASE("graph: Reshape with 0 and -1, and a channel shuffle that keeps the fields", "[graph]") {
    GraphBuilder b({1, 4, 6, 6});
    const std::string conv = b.Conv("conv", "x", 4, 8, {3, 3}, {1, 1}, {1, 1, 1, 1});
    b.Node("Reshape", "mixed", {conv, b.Constant("shape1", {4}, {0, 2, 4, -1})});
    std::string v = b.Node("Reshape", "groups", {conv, b.Constant("shape2", {5}, {0, 2, 4, 6, 6})});
    v = b.Node("Transpose", "swap", {v}, {{"perm", GraphBuilder::List({0, 2, 1, 3, 4})}});
    v = b.Node("Reshape", "shuffled", {v, b.Constant("shape3", {4}, {0, -1, 6, 6})});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    const NodeAnalysis& mixed = Find(a, "mixed");
    CHECK(mixed.shape == Ints{1, 2, 4, 36});
    CHECK(mixed.whole_input);
    CHECK(mixed.fields.empty());
    CHECK(HasFlag(mixed, "spatial layout lost at Reshape"));
    CHECK(Find(a, "groups").shape == Ints{1, 2, 4, 6, 6});
    CHECK(Find(a, "groups").fields.empty());  // not (N, C, spatial): not reported
    CHECK(Find(a, "swap").shape == Ints{1, 4, 2, 6, 6});
    const NodeAnalysis& shuffled = Find(a, "shuffled");
    CHECK(shuffled.shape == Ints{1, 8, 6, 6});
    CHECK_FALSE(shuffled.whole_input);
    REQUIRE(shuffled.fields.size() == 2);
    CHECK(shuffled.fields[1].rf == 3);
    CHECK(shuffled.fields[1].range.lo == -1);
}

TEST_CASE("graph: Squeeze and Unsqueeze with opset 13 axes inputs", "[graph]") {
    GraphBuilder b({1, 3, 8, 8}, 13);
    const std::string conv = b.Conv("conv", "x", 3, 4, {3, 3}, {1, 1}, {1, 1, 1, 1});
    std::string v = b.Node("Unsqueeze", "unsqueeze", {conv, b.Constant("axes0", {1}, {0})});
    v = b.Node("Squeeze", "squeeze", {v, "axes0"});
    b.Node("Unsqueeze", "last", {conv, b.Constant("axes_last", {1}, {-1})});
    std::string g = b.Node("GlobalMaxPool", "gmp", {conv});
    g = b.Node("Squeeze", "features", {g, b.Constant("axes23", {2}, {2, 3})});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    CHECK(Find(a, "unsqueeze").shape == Ints{1, 1, 4, 8, 8});
    const NodeAnalysis& squeeze = Find(a, "squeeze");
    CHECK(squeeze.shape == Ints{1, 4, 8, 8});
    REQUIRE(squeeze.fields.size() == 2);
    CHECK(squeeze.fields[0].rf == 3);
    CHECK(Find(a, "last").shape == Ints{1, 4, 8, 8, 1});
    const NodeAnalysis& features = Find(a, "features");
    CHECK(features.shape == Ints{1, 4});
    CHECK(features.whole_input);
    CHECK(features.flags.empty());
}

TEST_CASE("graph: Split into unequal parts along channels and along width", "[graph]") {
    GraphBuilder b({1, 6, 8, 8}, 13);
    const std::string conv = b.Conv("conv", "x", 6, 6, {3, 3}, {1, 1}, {1, 1, 1, 1});
    b.Node("Split", "split", {conv, b.Constant("parts", {2}, {2, 4})},
           {{"axis", GraphBuilder::Int(1)}}, 2);
    b.Node("Identity", "second", {"split_1"});
    b.Node("Split", "cut", {conv, b.Constant("widths", {2}, {3, 5})},
           {{"axis", GraphBuilder::Int(3)}}, 2);
    b.Node("Identity", "right", {"cut_1"});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    CHECK(Find(a, "split").shape == Ints{1, 2, 8, 8});
    CHECK(Find(a, "split").fields[0].rf == 3);
    CHECK(Find(a, "second").shape == Ints{1, 4, 8, 8});
    CHECK(Find(a, "second").fields[1].range.lo == -1);
    // The right piece starts at the conv's unit 3: cells [2, 4].
    const NodeAnalysis& right = Find(a, "right");
    CHECK(right.shape == Ints{1, 6, 8, 5});
    CHECK(right.fields[1].range.lo == 2);
    CHECK(right.fields[1].range.hi == 4);
    CHECK(right.fields[0].range.lo == -1);
}

TEST_CASE("graph: Concat along width puts units side by side", "[graph]") {
    GraphBuilder b({1, 1, 4, 6}, 18);
    b.Node("Split", "halves", {"x"},
           {{"axis", GraphBuilder::Int(3)}, {"num_outputs", GraphBuilder::Int(2)}}, 2);
    b.Node("Concat", "swapped", {"halves_1", "halves_0"}, {{"axis", GraphBuilder::Int(-1)}});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    const NodeAnalysis& swapped = Find(a, "swapped");
    CHECK(swapped.shape == Ints{1, 1, 4, 6});
    CHECK(swapped.fields[1].range.lo == 3);  // unit 0 is cell 3
    CHECK(swapped.fields[1].rf == 1);
    CHECK(swapped.fields[0].range.lo == 0);
}

TEST_CASE("graph: Resize linear, align_corners and sizes; Upsample", "[graph][resize]") {
    GraphBuilder b({1, 1, 4}, 13);
    // align_corners 4 -> 8: source o * 3/7; units 0 and 7 sit on cells, the others read two.
    b.Node("Resize", "corners", {"x", "", "", b.Constant("sizes", {3}, {1, 1, 8})},
           {{"mode", GraphBuilder::Text("linear")},
            {"coordinate_transformation_mode", GraphBuilder::Text("align_corners")}});
    // half_pixel x2: source (2o - 1)/4, clamped at 0: unit 0 reads cell 0 only.
    b.Node("Resize", "half", {"x", "", b.FloatConstant("scales", {3}, {1, 1, 2})},
           {{"mode", GraphBuilder::Text("linear")}});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    const NodeAnalysis& corners = Find(a, "corners");
    CHECK(corners.shape == Ints{1, 1, 8});
    CHECK(corners.fields[0].jump.numerator == 3);
    CHECK(corners.fields[0].jump.denominator == 7);
    CHECK(corners.fields[0].range.Size() == 1);
    CHECK(corners.fields[0].rf_max == 2);
    const NodeAnalysis& half = Find(a, "half");
    CHECK(half.fields[0].jump.denominator == 2);
    CHECK(half.fields[0].range.hi == 0);
    CHECK(half.fields[0].rf == 2);  // unit 3: source 5/4, cells 1 and 2

    GraphBuilder u({1, 1, 4, 4}, 9);
    u.Node("Upsample", "up", {"x", u.FloatConstant("s", {4}, {1, 1, 2, 3})});
    const GraphAnalysis b9 = AnalyseGraph(u.graph, {});
    const NodeAnalysis& up = Find(b9, "up");
    CHECK(up.shape == Ints{1, 1, 8, 12});
    CHECK(up.fields[1].jump.denominator == 3);
    CHECK(up.fields[1].rf == 1);
    CHECK(up.fields[1].range.hi == 0);
}

TEST_CASE("graph: the shape arithmetic of an exported flatten is folded", "[graph]") {
    // Shape -> Gather(0) -> Unsqueeze -> Concat with [-1] -> Reshape: PyTorch's x.view(n, -1).
    GraphBuilder b({2, 3, 8, 8}, 11);
    const std::string pool = b.Node("GlobalAveragePool", "gap", {"x"});
    std::string n = b.Node("Shape", "shape", {pool});
    n = b.Node("Gather", "batch", {n, b.Constant("zero", {}, {0})});
    n = b.Node("Unsqueeze", "batch1", {n}, {{"axes", GraphBuilder::List({0})}});
    n = b.Node("Concat", "target", {n, b.Constant("minus1", {1}, {-1})},
               {{"axis", GraphBuilder::Int(0)}});
    b.Node("Reshape", "flat", {pool, n});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    CHECK(Find(a, "batch").shape.empty());  // a scalar
    CHECK(Find(a, "target").shape == Ints{2});
    CHECK(Find(a, "flat").shape == Ints{2, 3});
    CHECK(Find(a, "flat").whole_input);
}

TEST_CASE("graph: a Constant whose value the reader did not keep", "[graph]") {
    GraphBuilder b({1, 3, 8, 8});
    const std::string c = b.Node("Constant", "shape_const", {});
    b.Node("Reshape", "reshape", {"x", c});
    b.Node("Relu", "relu", {"x"});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    CHECK(HasFlag(Find(a, "shape_const"), "is not available"));
    CHECK(Find(a, "reshape").shape.empty());
    CHECK(Find(a, "relu").shape == Ints{1, 3, 8, 8});
    CHECK(a.notes.empty());  // not an unsupported op
}

TEST_CASE("graph: the input and its shape", "[graph][input]") {
    Graph g;
    g.opset = 13;
    GraphValue tokens{"tokens", true, {GraphDim{1, ""}, GraphDim{77, ""}}};
    GraphValue image{
        "image", true, {GraphDim{-1, "N"}, GraphDim{3, ""}, GraphDim{-1, "h"}, GraphDim{-1, "w"}}};
    g.inputs = {tokens, image};
    GraphNode relu;
    relu.op = "Relu";
    relu.name = "relu";
    relu.inputs = {"image"};
    relu.outputs = {"y"};
    g.nodes.push_back(relu);

    CHECK_THROWS_WITH(AnalyseGraph(g, {}),
                      Catch::Contains("input 'image' dimension 2 ('height') is 'h' and has no "
                                      "size: give the input shape, e.g. 1,3,224,224"));
    GraphOptions options;
    options.symbols = {{"h", 32}, {"w", 48}};
    const GraphAnalysis a = AnalyseGraph(g, options);
    CHECK(a.input_name == "image");
    CHECK(a.input_shape == Ints{1, 3, 32, 48});  // the free batch size is 1
    CHECK(a.nodes[0].fields[1].rf == 1);

    GraphOptions given;
    given.input_shape = {4, 3, 16, 16};
    CHECK(AnalyseGraph(g, given).nodes[0].shape == Ints{4, 3, 16, 16});
    given.input_shape = {4, 3, 16};
    CHECK_THROWS_WITH(AnalyseGraph(g, given), Catch::Contains("rank"));

    Graph none;
    none.inputs = {tokens};
    CHECK_THROWS_WITH(AnalyseGraph(none, {}), Catch::Contains("no input of rank 3"));
}

TEST_CASE("graph: more units than the analysis follows is an error", "[graph][input]") {
    GraphBuilder b({1, 1, int64_t{1} << 21});
    b.Node("Relu", "relu", {"x"});
    CHECK_THROWS_WITH(AnalyseGraph(b.graph, {}), Catch::Contains("smaller input shape"));
}

TEST_CASE("graph: an invalid node is flagged and the rest goes on", "[graph]") {
    GraphBuilder b({1, 3, 8, 8});
    b.Conv("wrong_channels", "x", 5, 4, {3, 3}, {1, 1}, {1, 1, 1, 1});
    b.Node("Relu", "relu", {"x"});
    const GraphAnalysis a = AnalyseGraph(b.graph, {});
    CHECK(HasFlag(Find(a, "wrong_channels"), "the input has 3 channels"));
    CHECK(Find(a, "relu").shape == Ints{1, 3, 8, 8});
    REQUIRE(a.notes.size() == 1);
    CHECK(a.notes[0] == "1 node could not be computed; their flags say why");
}

// ---- Effective fields ----

namespace {

GraphEffectiveField EffectiveFieldOfNode(const Graph& graph, const std::string& node) {
    GraphOptions options;
    options.effective_field_node = node;
    const GraphAnalysis a = AnalyseGraph(graph, options);
    REQUIRE(a.has_effective_field);
    return a.effective_field;
}

}  // namespace

TEST_CASE("graph effective field: chains equal the stack's uniform effective field",
          "[graph][effective]") {
    std::mt19937 rng(5);
    const auto pick = [&](int64_t lo, int64_t hi) {
        return lo + static_cast<int64_t>(rng() % static_cast<uint32_t>(hi - lo + 1));
    };
    int compared = 0;
    for (int n = 0; n < 60; ++n) {
        const int dims = static_cast<int>(pick(1, 2));
        std::vector<Layer> layers;
        const int count = static_cast<int>(pick(1, 5));
        for (int i = 0; i < count; ++i) {
            // Convolutions (strided, dilated, zero-padded) and transposed convolutions; the
            // stack's max pooling routes to an argmax, which the graph's model averages.
            const bool transposed = pick(0, 3) == 0;
            Layer layer = MakeLayer(transposed ? LayerType::ConvTranspose : LayerType::Conv,
                                    Ints(static_cast<size_t>(dims), pick(1, 4)));
            for (int d = 0; d < dims; ++d) {
                layer.stride[d] = pick(1, 2);
                layer.dilation[d] = transposed ? 1 : pick(1, 2);
                layer.padding[d] = PadPair{pick(0, 2), pick(0, 2)};
            }
            layer.padding_asymmetric = true;
            layers.push_back(layer);
        }
        const Ints input(static_cast<size_t>(dims), pick(6, 20));
        ErfResult stack;
        try {
            stack = ComputeEffectiveField(input, layers);
        } catch (const Error&) {
            continue;  // a stack PyTorch refuses, or whose centre unit lies in padding
        }
        const GraphEffectiveField graph =
            EffectiveFieldOfNode(ChainGraph(input, layers), "l" + std::to_string(count));
        INFO("stack " << n << ", " << count << " layers, " << graph.unavailable);
        // A transposed layer's gaps (stride above the kernel) may leave the centre unit with
        // no input at all: the stack's map is then all zeros, and the graph says why.
        if (std::all_of(stack.map.begin(), stack.map.end(), [](float v) { return v == 0.0f; })) {
            CHECK_THAT(graph.unavailable, Catch::Contains("no input cell reaches"));
            continue;
        }
        REQUIRE(graph.values.size() == stack.map.size());
        for (size_t i = 0; i < graph.values.size(); ++i)
            REQUIRE(graph.values[i] == Approx(stack.map[i]).margin(1e-5));
        ++compared;
    }
    CHECK(compared > 30);
}

TEST_CASE("graph effective field: a residual block adds its paths, not their product",
          "[graph][effective]") {
    GraphBuilder b({1, 4, 15, 15});
    std::string v = b.Conv("conv1", "x", 4, 4, {3, 3}, {1, 1}, {1, 1, 1, 1});
    v = b.Node("Relu", "relu1", {v});
    v = b.Conv("conv2", v, 4, 4, {3, 3}, {1, 1}, {1, 1, 1, 1});
    b.Output(b.Node("Add", "add", {v, "x"}));
    const GraphEffectiveField field = EffectiveFieldOfNode(b.graph, "add");
    REQUIRE(field.unavailable.empty());
    REQUIRE(field.shape == Ints{15, 15});
    // The convolution path gives the triangle 1 2 3 2 1 in each dimension (their product),
    // the identity path one cell: at the centre 3 x 3 + 1 = 10.
    const auto at = [&](int64_t row, int64_t col) {
        return field.values[static_cast<size_t>(row * 15 + col)];
    };
    CHECK(at(7, 7) == Approx(1.0));
    CHECK(at(7, 6) == Approx(6.0 / 10.0));
    CHECK(at(6, 6) == Approx(4.0 / 10.0));
    CHECK(at(5, 5) == Approx(1.0 / 10.0));
    CHECK(at(4, 7) == 0.0);
    // A product of the two marginals (1 2 4 2 1) would give 16/16 at the centre and 4/16 at
    // (6, 6), and the maps would differ.
    CHECK(at(6, 6) != Approx(4.0 / 16.0));
}

TEST_CASE("graph effective field: pooling averages, and nodes without a field say why",
          "[graph][effective]") {
    GraphBuilder b({1, 1, 8});
    std::string v =
        b.Node("MaxPool", "pool", {"x"},
               {{"kernel_shape", GraphBuilder::List({2})}, {"strides", GraphBuilder::List({2})}});
    v = b.Conv("conv", v, 1, 1, {3}, {1}, {1, 1});
    v = b.Node("GlobalAveragePool", "gap", {v});
    b.Output(b.Node("Flatten", "flat", {v}));
    // conv's centre unit 1 reads pool units 0..2, each the average of two input cells.
    const GraphEffectiveField conv = EffectiveFieldOfNode(b.graph, "conv");
    REQUIRE(conv.values.size() == 8);
    CHECK(conv.values == std::vector<double>{1, 1, 1, 1, 1, 1, 0, 0});
    // The global pool averages every unit of the convolution.
    const GraphEffectiveField gap = EffectiveFieldOfNode(b.graph, "gap");
    REQUIRE(gap.unavailable.empty());
    CHECK(gap.values.front() < gap.values[3]);
    const GraphEffectiveField flat = EffectiveFieldOfNode(b.graph, "flat");
    CHECK(flat.values.empty());
    CHECK_THAT(flat.unavailable, Catch::Contains("no field per position"));
    GraphOptions options;
    options.effective_field_node = "nothing";
    CHECK_THROWS_WITH(AnalyseGraph(b.graph, options),
                      Catch::Contains("no node is named 'nothing'"));
}
