// The receptive-field explorer's JSON requests (see json_rf_ops.h and docs/api.md).
// Sections:   1. reading requests   2. writing networks   3. one handler per op
#include "core/api/json_rf_ops.h"

#include <cmath>
#include <string>

#include "core/api/json_api.h"
#include "core/api/json_fields.h"
#include "core/layer/error.h"
#include "core/network/effective_rf.h"
#include "core/network/network_presets.h"
#include "core/network/network_text.h"
#include "core/network/rf_table.h"
#include "core/network/unet_planner.h"

namespace convscope::rf_ops {

namespace {

using nlohmann::json;

// A response's map is capped like the conv op's "y": its text is ~10 bytes a value.
constexpr size_t kMaxMapValues = 1 << 22;
constexpr size_t kMaxLayers = 1000;

// ---- 1. Reading requests -------------------------------------------------------------------

int64_t ReadInteger(const json& request, const char* field, int64_t minimum, int64_t maximum,
                    int64_t fallback) {
    if (!request.contains(field)) return fallback;
    const json& v = request[field];
    if (!v.is_number_integer() ||
        (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(maximum)) ||
        v.get<int64_t>() < minimum || v.get<int64_t>() > maximum) {
        throw Error(std::string(field) + " must be a whole number from " + std::to_string(minimum) +
                    " to " + std::to_string(maximum) + ", got " + v.dump().substr(0, 40));
    }
    return v.get<int64_t>();
}

std::string ReadString(const json& request, const char* field, const std::string& fallback) {
    if (!request.contains(field)) return fallback;
    if (!request[field].is_string())
        throw Error(std::string(field) + " must be a string, got " +
                    request[field].dump().substr(0, 40));
    return request[field].get<std::string>();
}

Layer ReadOneLayer(const json& j, int dims, const std::string& where, std::string* name) {
    try {
        Layer layer = ParseLayer(j, dims).Get();
        if (name) {
            *name = "";
            if (j.contains("name")) {
                if (!j["name"].is_string()) throw Error("name must be a string");
                *name = j["name"].get<std::string>().substr(0, 200);
            }
        }
        return layer;
    } catch (const Error& e) {
        throw Error(where + ": " + e.what());
    }
}

std::vector<Layer> ReadLayerList(const json& request, const char* field, int dims,
                                 std::vector<std::string>* names, bool required = true) {
    std::vector<Layer> layers;
    if (!request.contains(field)) {
        if (required)
            throw Error(std::string("the request needs \"") + field +
                        "\": a list of layer descriptions");
        return layers;
    }
    const json& list = request[field];
    if (!list.is_array()) throw Error(std::string(field) + " must be a list of layer descriptions");
    if (list.size() > kMaxLayers) {
        throw Error(std::string(field) + " may have at most " + std::to_string(kMaxLayers) +
                    " layers, got " + std::to_string(list.size()));
    }
    for (size_t i = 0; i < list.size(); ++i) {
        std::string name;
        layers.push_back(ReadOneLayer(
            list[i], dims, std::string(field) + " layer " + std::to_string(i + 1), &name));
        if (names) names->push_back(name);
    }
    return layers;
}

// "preset" (with an optional "input" replacing the preset's), or "input" and "layers".
Network ReadNetwork(const json& request) {
    if (request.contains("preset")) {
        const std::string key = ReadString(request, "preset", "");
        const NetworkPreset* preset = FindNetworkPreset(key);
        if (!preset)
            throw Error("unknown preset '" + key.substr(0, 40) + "' (the presets op lists them)");
        Network network = preset->network;
        if (request.contains("input")) {
            network.input = ReadSizes(request, "input");
            if (network.input.size() != preset->network.input.size()) {
                throw Error("preset '" + key + "' has " +
                            std::to_string(preset->network.input.size()) +
                            " dimensions; input must give that many sizes");
            }
        }
        return network;
    }
    Network network;
    network.input = ReadSizes(request, "input");
    network.layers =
        ReadLayerList(request, "layers", static_cast<int>(network.input.size()), &network.names);
    return network;
}

// ---- 2. Writing networks -------------------------------------------------------------------

json LayersJson(const std::vector<Layer>& layers, const std::vector<std::string>& names) {
    json out = json::array();
    for (size_t i = 0; i < layers.size(); ++i) {
        json j = LayerToJson(layers[i]);
        if (i < names.size() && !names[i].empty()) j["name"] = names[i];
        out.push_back(j);
    }
    return out;
}

json FomoroOrNull(const std::vector<Layer>& layers) {
    try {
        return FomoroText(layers);
    } catch (const Error&) {
        return nullptr;
    }
}

json NotesJson(const std::vector<TextNote>& notes, const char* key) {
    json out = json::array();
    for (const TextNote& n : notes) out.push_back({{"line", n.line}, {key, n.message}});
    return out;
}

json PresetJson(const NetworkPreset& p) {
    json published = json::array();
    for (const PublishedField& f : p.published) {
        json item = {{"layer", f.layer}, {"source", f.source}};
        if (f.rf) item["rf"] = *f.rf;
        if (f.jump) item["jump"] = *f.jump;
        if (f.effective_padding) item["effective_padding"] = *f.effective_padding;
        if (f.output) item["output"] = *f.output;
        published.push_back(item);
    }
    json out = {{"key", p.key},
                {"name", p.name},
                {"description", p.description},
                {"input", p.network.input},
                {"layers", LayersJson(p.network.layers, p.network.names)},
                {"published", published},
                {"fomoro", FomoroOrNull(p.network.layers)}};
    if (!p.group.empty()) out["group"] = p.group;
    return out;
}

json NumberOrNull(double v) { return std::isnan(v) ? json(nullptr) : json(v); }

}  // namespace

// ---- 3. One handler per op -------------------------------------------------------------------

json OpPresets(const json& request) {
    if (request.contains("key")) {
        const std::string key = ReadString(request, "key", "");
        const NetworkPreset* preset = FindNetworkPreset(key);
        if (!preset) throw Error("unknown preset '" + key.substr(0, 40) + "'");
        return {{"preset", PresetJson(*preset)}};
    }
    json list = json::array();
    for (const NetworkPreset& p : NetworkPresets()) list.push_back(PresetJson(p));
    return {{"presets", list}};
}

json OpNetworkFromText(const json& request) {
    if (!request.contains("text") || !request["text"].is_string()) {
        throw Error(
            "the request needs \"text\": a fomoro fragment (\"#3,1,1,SAME;2,2,1,VALID\") or "
            "PyTorch's print(model)");
    }
    const std::string format = ReadString(request, "format", "auto");
    const int dims = static_cast<int>(ReadInteger(request, "dims", 0, kMaxSpatialDims, 0));
    const ParsedNetwork parsed = ParseNetworkText(request["text"].get<std::string>(), format, dims);
    const int found_dims = parsed.network.layers.empty() ? dims : parsed.network.layers[0].Dims();
    return {{"format", parsed.format},
            {"dims", found_dims},
            {"layers", LayersJson(parsed.network.layers, parsed.network.names)},
            {"warnings", NotesJson(parsed.warnings, "message")},
            {"notes", NotesJson(parsed.notes, "message")},
            {"unparsed", NotesJson(parsed.unparsed, "text")},
            {"fomoro", FomoroOrNull(parsed.network.layers)}};
}

json OpNetworkToText(const json& request) {
    int dims = static_cast<int>(ReadInteger(request, "dims", 1, kMaxSpatialDims, 0));
    if (dims == 0)
        dims = request.contains("input") ? static_cast<int>(ReadSizes(request, "input").size()) : 2;
    const std::vector<Layer> layers = ReadLayerList(request, "layers", dims, nullptr);
    return {{"fomoro", FomoroText(layers)}};
}

json OpRfTable(const json& request) {
    const Network network = ReadNetwork(request);
    const std::string format = ReadString(request, "format", "json");
    const std::vector<RfTableRow> rows = ComputeRfTable(network);
    if (format == "csv") return {{"text", RfTableCsv(rows)}};
    if (format == "markdown") return {{"text", RfTableMarkdown(rows)}};
    if (format != "json")
        throw Error("format '" + format.substr(0, 40) + "' is not json, csv or markdown");
    json out = json::array();
    for (const RfTableRow& r : rows) {
        json ranges = json::array(), central = json::array(), jumps = json::array(),
             centre_index = json::array(), centre_pixel = json::array();
        for (const CellRange& c : r.range)
            ranges.push_back(c.Empty() ? json(nullptr) : json({c.lo, c.hi}));
        for (const CellRange& c : r.central)
            central.push_back(c.Empty() ? json(nullptr) : json({c.lo, c.hi}));
        for (const Fraction& j : r.jump)
            jumps.push_back(j.denominator == 1 ? json(j.numerator) : json(j.Value()));
        for (const double c : r.centre_index) centre_index.push_back(NumberOrNull(c));
        for (const double c : r.centre_pixel) centre_pixel.push_back(NumberOrNull(c));
        json item = {{"layer", r.index},
                     {"name", r.name},
                     {"type", r.summary},
                     {"output", r.output},
                     {"rf", r.rf},
                     {"rf_min", r.rf_min},
                     {"rf_max", r.rf_max},
                     {"jump", jumps},
                     {"range", ranges},
                     {"central", central},
                     {"effective_padding", r.effective_padding},
                     {"centre_index", centre_index},
                     {"centre_pixel", centre_pixel},
                     {"coverage", r.coverage},
                     {"coverage_area", r.coverage_area},
                     {"rf_exceeds_input", r.rf_exceeds_input},
                     {"centre_between_pixels", r.centre_between_pixels},
                     {"flags", r.flags}};
        if (r.cost.known) {
            item["parameters"] = CountJson(r.cost.parameters);
            item["macs"] = CountJson(r.cost.macs);
        }
        out.push_back(item);
    }
    return {{"rows", out}};
}

json OpEffectiveRf(const json& request) {
    const Network network = ReadNetwork(request);
    ErfOptions options;
    const std::string weights = ReadString(request, "weights", "uniform");
    if (weights == "random")
        options.weights = ErfWeights::Random;
    else if (weights != "uniform")
        throw Error("weights must be \"uniform\" or \"random\", got '" + weights.substr(0, 40) +
                    "'");
    options.seed = static_cast<uint32_t>(ReadInteger(request, "seed", 0, 4294967295LL, 1));
    options.channels = ReadInteger(request, "channels", 1, 16, 1);
    options.trials = ReadInteger(request, "trials", 1, 16, 1);
    options.layer = ReadInteger(request, "layer", -1, static_cast<int64_t>(kMaxLayers), -1);
    if (request.contains("unit")) options.unit = ReadSizes(request, "unit");
    bool with_map = true;
    if (request.contains("map")) {
        if (!request["map"].is_boolean()) throw Error("map must be true or false");
        with_map = request["map"].get<bool>();
    }
    const ErfResult r = ComputeEffectiveField(network.input, network.layers, options);
    json theoretical = json::array();
    for (const CellRange& c : r.theoretical) theoretical.push_back({c.lo, c.hi});
    json out = {{"input", r.input},
                {"layer", r.layer},
                {"unit", r.unit},
                {"theoretical", theoretical},
                {"centre", r.centre},
                {"peak", r.peak},
                {"mean", r.mean},
                {"std", r.std_dev},
                {"radius50", r.radius50},
                {"radius90", r.radius90},
                {"mass", r.mass},
                {"nonzero", r.nonzero},
                {"macs", CountJson(r.macs)},
                {"notes", r.notes}};
    if (with_map) {
        if (r.map.size() > kMaxMapValues) {
            throw Error("the map would hold " + std::to_string(r.map.size()) +
                        " values, more than a response may carry (" +
                        std::to_string(kMaxMapValues) +
                        "); ask with \"map\": false for the summary");
        }
        json map = json::array();
        for (const float v : r.map) map.push_back(std::round(static_cast<double>(v) * 1e6) / 1e6);
        out["map"] = map;
    }
    return out;
}

json OpUNetPlan(const json& request) {
    const std::vector<int64_t> input = ReadSizes(request, "input");
    const int dims = static_cast<int>(input.size());
    const std::string padding = ReadString(request, "padding", "valid");
    if (padding != "valid" && padding != "same")
        throw Error("padding must be \"valid\" or \"same\", got '" + padding.substr(0, 40) + "'");
    UNetSpec spec = OriginalUNetSpec(input, padding == "same");
    spec.depth = static_cast<int>(ReadInteger(request, "depth", 1, 16, 4));
    if (request.contains("down")) spec.down_block = ReadLayerList(request, "down", dims, nullptr);
    if (request.contains("bottom"))
        spec.bottom_block = ReadLayerList(request, "bottom", dims, nullptr);
    if (request.contains("up_block"))
        spec.up_block = ReadLayerList(request, "up_block", dims, nullptr);
    if (request.contains("head")) spec.head = ReadLayerList(request, "head", dims, nullptr);
    if (request.contains("pool"))
        spec.down_sample = ReadOneLayer(request["pool"], dims, "pool", nullptr);
    if (request.contains("up")) spec.up_sample = ReadOneLayer(request["up"], dims, "up", nullptr);
    // Per level, where the samplers differ (levels past the lists use pool / up).
    if (request.contains("pools"))
        spec.level_down_samples = ReadLayerList(request, "pools", dims, nullptr);
    if (request.contains("ups"))
        spec.level_up_samples = ReadLayerList(request, "ups", dims, nullptr);
    const UNetPlan plan = PlanUNet(spec);
    json levels = json::array();
    for (const UNetLevel& l : plan.levels) {
        json fixes = json::array();
        for (const UNetFix& f : l.fixes) {
            json fix = {{"pads", PadsJson(f.pads)},
                        {"output_padding", f.output_padding},
                        {"symmetric", f.symmetric},
                        {"module_padding", f.module_padding}};
            if (!f.pytorch.empty()) {
                fix["pytorch"] = f.pytorch;
                fix["pytorch_applies"] =
                    f.pytorch_after_up_sampler ? "after the up-sampler" : "before the up-sampler";
            }
            if (f.pads_output) fix["pads_output"] = true;
            fixes.push_back(fix);
        }
        json item = {{"level", l.level},
                     {"block_input", l.block_input},
                     {"skip", l.skip},
                     {"down", l.down},
                     {"down_uneven", l.down_uneven},
                     {"up", l.up},
                     {"mismatch", l.mismatch},
                     {"crop", PadsJson(l.crop)},
                     {"concat", l.concat},
                     {"up_output", l.up_output},
                     {"up_with_fixes_below", l.up_with_fixes_below},
                     {"fixes", fixes}};
        if (!l.fix_note.empty()) item["fix_note"] = l.fix_note;
        levels.push_back(item);
    }
    return {{"input", plan.input},
            {"bottom", plan.bottom},
            {"output", plan.output},
            {"levels", levels},
            {"flags", plan.flags},
            {"clean", plan.clean},
            {"skips_exact", plan.skips_exact},
            {"clean_below", plan.clean_below},
            {"clean_above", plan.clean_above},
            {"exact_below", plan.exact_below},
            {"exact_above", plan.exact_above}};
}

}  // namespace convscope::rf_ops
