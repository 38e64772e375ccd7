// The convscope command line. `convscope eval` answers JSON Lines requests (one per line,
// in order); `shape`, `pad` and `rf` build the same requests from flags and print tables;
// `code` prints the layer as PyTorch, Keras/TensorFlow and ONNX code; `graph` analyses an
// ONNX model (graph_command.h).
// Every answer comes from the core's JSON API (core/json_api.h).
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/graph_command.h"
#include "cli/table.h"
#include "core/api/json_api.h"
#include "core/layer/error.h"
#include "core/layer/layer_json.h"
#include "core/layer/layer_link.h"
#include "core/layer/layer_text.h"
#include "core/layer/link_text.h"
#include "core/layer/version.h"
#include "core/network/network_presets.h"
#include "core/network/network_text.h"

namespace {

using nlohmann::json;

// A command line the program cannot read (a missing or malformed flag): exit status 2, where
// a configuration the core refuses (convscope::Error) is 1.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

const char* kUsage =
    "usage: convscope <command> [options]\n"
    "\n"
    "commands:\n"
    "  eval             answer JSON requests, one per line on stdin, one response line each\n"
    "  shape            output size, resolved padding and effective kernel of one layer\n"
    "  pad              paddings that take --input to --target\n"
    "  rf               receptive field, jump and range of every layer of a stack\n"
    "  code             the layer as PyTorch, Keras/TensorFlow and ONNX code, with notes\n"
    "  graph            every node's shape and receptive field of an ONNX model (graph --help)\n"
    "  --version        print the version and the SIMD instruction set\n"
    "  CMD --help       the options and examples of one command\n"
    "\n"
    "layer options (a number, or one per dimension: 224x224 as in links, or 224,224):\n"
    "  --input 224x224  --kernel 3  --stride 2  --dilation 1  --type {types}\n"
    "  --padding 1 | 1x0 | 1:2x0:0 (before:after) | same | valid | full\n"
    "  --rule pytorch|tensorflow|onnx_upper|onnx_lower  --mode zeros|reflect|replicate|circular\n"
    "  --output-padding 1  --ceil  --no-bias  --in 64 --out 128 --groups 1\n"
    "  upsampling and pixel (un)shuffle: --scale 2 (the factor)  --align-corners\n"
    "  nearest and linear upsampling to a size instead: --size 56x56\n"
    "pad:  --target 112,112 plus the layer options\n"
    "rf:   --input 224 --stack \"c3p1;c3p1;m2\" (the links' layer tokens) or a fomoro stack\n"
    "      \"K,S,D,P;...\" (P a number, SAME or VALID), --preset NAME (--preset list),\n"
    "      --text FILE (a pasted print(model) or fomoro text; - reads standard input),\n"
    "      or --layers '[json layers]'\n"
    "--json: one JSON object on standard output (the JSON API's answer) instead of a table\n"
    "code: the layer options plus --framework pytorch|keras|onnx (default: all three); notes\n"
    "      print as '# note:' lines, so one framework's output runs as it is\n"
    "--link: a page's link or address gives the settings; flags given as well override it:\n"
    "      shape/pad/code read the playground's I K S P D type mode rule op ceil cip (pad: T),\n"
    "      rf the explorer's rf_in rf_dims stack rf_preset\n"
    "\n"
    "examples:\n"
    "  convscope shape --input 224 --kernel 3 --stride 2 --padding 1\n"
    "  convscope pad --input 100,20 --target 100,20 --kernel 4,1 --rule tensorflow\n"
    "  convscope shape --link 'https://example.org/convscope/#I=224&K=7&S=2&P=3'\n"
    "  convscope rf --link 'rf_in=32x32&stack=c3p1;c3p1;m2'\n"
    "  convscope code --input 100,20 --kernel 4,1 --padding same --rule tensorflow --in 1 --out 32 "
    "--framework pytorch\n"
    "  echo '{\"op\":\"shape\",\"input\":[32],\"layer\":{\"kernel\":3,\"padding\":1}}' | convscope "
    "eval\n"
    "\n"
    "exit status: 0 done, 1 the configuration is refused (the message, naming the rule and a\n"
    "fix, on standard error), 2 the command line cannot be read\n";

// Each command's own usage: `convscope CMD --help`.
const char* CommandUsage(const std::string& command) {
    if (command == "shape") {
        return "usage: convscope shape --input SIZE [layer options] [--link LINK] [--json]\n"
               "\n"
               "The output size, the resolved padding and the effective kernel of one layer.\n"
               "\n"
               "examples:\n"
               "  convscope shape --input 224 --kernel 3 --stride 2 --padding 1\n"
               "  convscope shape --input 32x32 --kernel 3 --dilation 2 --padding same\n"
               "  convscope shape --input 7x7 --type conv_transpose --kernel 3 --stride 2 "
               "--padding 1 --output-padding 1\n"
               "  convscope shape --input 5x5 --type upsample_linear --size 7x9 --json\n";
    }
    if (command == "pad") {
        return "usage: convscope pad --input SIZE --target SIZE [layer options] [--json]\n"
               "\n"
               "Every padding that takes --input to --target, symmetric ones first, each as\n"
               "PyTorch's F.pad tuple (last dimension first), Keras' ZeroPadding argument and\n"
               "ONNX's pads (begins, then ends).\n"
               "\n"
               "examples:\n"
               "  convscope pad --input 100x20 --target 100x20 --kernel 4x1   # Keras same\n"
               "  convscope pad --input 224 --target 112 --kernel 3 --stride 2\n"
               "  convscope pad --input 16 --target 32 --type conv_transpose --kernel 4 "
               "--stride 2\n";
    }
    if (command == "rf") {
        return "usage: convscope rf --input SIZE (--stack TOKENS | --preset NAME | --text FILE |\n"
               "                    --layers JSON | --link LINK) [--json]\n"
               "\n"
               "The receptive field, jump and first unit's input range of every layer.\n"
               "  --stack   the links' tokens (c3p1;m2;t2s2) or a fomoro stack (3,1,1,1;2,2,1,0)\n"
               "  --preset  a network of the explorer (its own input unless --input);\n"
               "            --preset list prints the names\n"
               "  --text    a pasted print(model) or fomoro text from a file, - for standard "
               "input\n"
               "\n"
               "examples:\n"
               "  convscope rf --input 32x32 --stack \"c3p1;c3p1;m2\"\n"
               "  convscope rf --preset vgg16\n"
               "  python -c 'import torchvision; print(torchvision.models.vgg11())' | "
               "convscope rf --input 224x224 --text -\n";
    }
    if (command == "eval") {
        return "usage: convscope eval < requests.jsonl\n"
               "\n"
               "Answers JSON requests, one per line on standard input, with one response line\n"
               "each, in order (docs/api.md: the ops and their fields). A refused request\n"
               "answers {\"error\": ...} and the others still run; the exit status is 0.\n"
               "\n"
               "example:\n"
               "  echo '{\"op\":\"shape\",\"input\":[32],\"layer\":{\"kernel\":3,\"padding\":1}}' "
               "| convscope eval\n";
    }
    if (command == "code") {
        return "usage: convscope code --input SIZE [layer options] [--framework "
               "pytorch|keras|onnx] [--json]\n"
               "\n"
               "The layer as runnable PyTorch, Keras/TensorFlow and ONNX code, each printing\n"
               "the output shape; where a framework cannot state the layer directly, an exact\n"
               "detour and a '# note:' line.\n"
               "\n"
               "examples:\n"
               "  convscope code --input 100,20 --kernel 4,1 --padding same --rule tensorflow "
               "--framework pytorch\n"
               "  convscope code --input 16x16 --type upsample_linear --scale 2 "
               "--align-corners\n";
    }
    return nullptr;
}

// kUsage with {types} replaced by the layer types of core/layer/layer_types.inc.
std::string Usage() {
    std::string types;
    for (const convscope::LayerTypeInfo& info : convscope::kLayerTypes)
        types += (types.empty() ? "" : "|") + std::string(info.json_name);
    std::string usage = kUsage;
    usage.replace(usage.find("{types}"), 7, types);
    return usage;
}

// ---- eval: JSON Lines -------------------------------------------------------------

void Answer(const std::string& line, bool too_long) {
    std::string response;
    if (too_long) {
        response = json{{"error", "the request line is longer than the limit of " +
                                      std::to_string(convscope::kMaxRequestBytes) + " bytes"}}
                       .dump();
    } else {
        response = convscope::EvalRequest(line);
    }
    response.push_back('\n');
    std::fwrite(response.data(), 1, response.size(), stdout);
    std::fflush(stdout);
}

int RunEval() {
    std::string line;
    bool too_long = false;
    std::vector<char> buffer(1 << 16);
    for (;;) {
        const size_t got = std::fread(buffer.data(), 1, buffer.size(), stdin);
        for (size_t i = 0; i < got; ++i) {
            const char c = buffer[i];
            if (c == '\n') {
                if (too_long || line.find_first_not_of(" \t\r") != std::string::npos)
                    Answer(line, too_long);
                line.clear();
                too_long = false;
            } else if (line.size() < convscope::kMaxRequestBytes) {
                line.push_back(c);
            } else {
                // Keep reading to the end of the line without storing it.
                too_long = true;
            }
        }
        if (got < buffer.size()) break;
    }
    if (std::ferror(stdin)) {
        std::fprintf(stderr, "convscope eval: could not read standard input\n");
        return 2;
    }
    if (too_long || line.find_first_not_of(" \t\r") != std::string::npos) Answer(line, too_long);
    return 0;
}

// ---- Flags to requests --------------------------------------------------------------

struct Flags {
    std::vector<std::pair<std::string, std::string>> values;
    bool ceil = false;
    bool no_bias = false;
    bool align_corners = false;
    bool json = false;  // --json: the API's answer instead of a table
    const std::string* Get(const std::string& name) const {
        for (const auto& kv : values)
            if (kv.first == name) return &kv.second;
        return nullptr;
    }
};

std::vector<std::string> Split(const std::string& text, char sep) {
    std::vector<std::string> parts;
    size_t start = 0;
    for (;;) {
        const size_t end = text.find(sep, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return parts;
}

json Number(const std::string& text, const std::string& flag) {
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0')
        throw UsageError("--" + flag + " takes whole numbers, got '" + text + "'");
    return v;
}

// "3" -> 3, "3,1" or "3x1" (as links write it) -> [3, 1]
json NumberList(const std::string& text, const std::string& flag) {
    const std::vector<std::string> parts =
        Split(text, text.find('x') != std::string::npos ? 'x' : ',');
    if (parts.size() == 1) return Number(parts[0], flag);
    json list = json::array();
    for (const std::string& p : parts) list.push_back(Number(p, flag));
    return list;
}

json PaddingValue(const std::string& text) {
    if (text == "same" || text == "valid" || text == "full") return text;
    if (text.find(':') == std::string::npos) return NumberList(text, "padding");
    json pairs = json::array();
    for (const std::string& part : Split(text, text.find('x') != std::string::npos ? 'x' : ',')) {
        const std::vector<std::string> ba = Split(part, ':');
        if (ba.size() == 1)
            pairs.push_back({Number(ba[0], "padding"), Number(ba[0], "padding")});
        else if (ba.size() == 2)
            pairs.push_back({Number(ba[0], "padding"), Number(ba[1], "padding")});
        else
            throw convscope::Error("--padding pairs are before:after, got '" + part + "'");
    }
    return pairs;
}

json LayerFromFlags(const Flags& f) {
    json layer = json::object();
    if (const auto* v = f.Get("type")) layer["type"] = *v;
    if (const auto* v = f.Get("kernel")) layer["kernel"] = NumberList(*v, "kernel");
    // A resampling layer's factor, which its JSON form also reads as "kernel".
    if (const auto* v = f.Get("scale")) layer["kernel"] = NumberList(*v, "scale");
    // Nearest or linear upsampling to an output size instead (nn.Upsample(size=...)).
    if (const auto* v = f.Get("size")) layer["size"] = NumberList(*v, "size");
    if (const auto* v = f.Get("stride")) layer["stride"] = NumberList(*v, "stride");
    if (const auto* v = f.Get("dilation")) layer["dilation"] = NumberList(*v, "dilation");
    if (const auto* v = f.Get("padding")) layer["padding"] = PaddingValue(*v);
    if (const auto* v = f.Get("rule")) layer["same_rule"] = *v;
    if (const auto* v = f.Get("mode")) layer["padding_mode"] = *v;
    if (const auto* v = f.Get("output-padding"))
        layer["output_padding"] = NumberList(*v, "output-padding");
    if (const auto* v = f.Get("in")) layer["in_channels"] = Number(*v, "in");
    if (const auto* v = f.Get("out")) layer["out_channels"] = Number(*v, "out");
    if (const auto* v = f.Get("groups")) layer["groups"] = Number(*v, "groups");
    if (f.ceil) layer["ceil_mode"] = true;
    if (f.no_bias) layer["bias"] = false;
    if (f.align_corners) layer["align_corners"] = true;
    return layer;
}

json SizesFlag(const Flags& f, const char* name) {
    const auto* v = f.Get(name);
    if (!v) throw UsageError(std::string("--") + name + " is required");
    json sizes = NumberList(*v, name);
    return sizes.is_array() ? sizes : json::array({sizes});
}

// --stack in any text form the core reads: the links' tokens ("c3p1;c3p1;m2") or a fomoro
// fragment ("3,1,1,SAME;2,2,1,VALID"), in as many dimensions as --input has.
json StackLayers(const std::string& text, int dims) {
    json layers = json::array();
    const convscope::ParsedNetwork parsed = convscope::ParseNetworkText(text, "auto", dims);
    for (const convscope::Layer& layer : parsed.network.layers)
        layers.push_back(convscope::LayerToJson(layer));
    // print(model) text: where the chain read in print order may be wrong, on standard error.
    for (const convscope::TextNote& w : parsed.warnings) {
        std::fprintf(stderr, "convscope: %s%s\n",
                     w.line ? ("line " + std::to_string(w.line) + ": ").c_str() : "",
                     w.message.c_str());
    }
    return layers;
}

std::string ListText(const json& v) {
    std::string text;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i) text += " x ";
        if (v[i].is_array())
            text += "[" + v[i][0].dump() + ", " + v[i][1].dump() + "]";
        else if (v[i].is_null())
            text += "none";  // a range no input reaches
        else if (v[i].is_number_float()) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.4g", v[i].get<double>());
            text += buf;
        } else
            text += v[i].dump();
    }
    return text;
}

// ---- --link: the settings of a page's link ------------------------------------------

// What each layer key of a link takes, for the message when a value is refused.
std::string LinkKeyRule(const std::string& key) {
    if (key == "I") return "input sizes from 1, one or one per dimension: 224 or 224x224";
    if (key == "dims") return "1, 2 or 3";
    if (key == "K" || key == "S" || key == "D") return "whole numbers from 1: 3 or 3x1";
    if (key == "op") return "whole numbers from 0, below the stride or dilation: 1 or 1x0";
    if (key == "P") return "1, 1x0, 1:2x0:0 (before:after), same, valid or full";
    if (key == "type") return convscope::LayerTypeNameList();
    if (key == "mode") return "zeros, reflect, replicate or circular";
    if (key == "rule") return "pytorch, tensorflow, onnx_upper or onnx_lower";
    return "0 or 1";  // ceil, cip
}

// "5" or "5x7" in `dims` dimensions (one value stands for every dimension).
json LinkSizes(const std::string& key, const std::string& value, const convscope::Extents& fallback,
               int dims) {
    convscope::Extents given;
    if (!convscope::ReadExtents(value, 1, convscope::kMaxExtent, given)) {
        throw convscope::Error("--link: '" + key + "=" + value.substr(0, 40) +
                               "' is not a valid value for " + key +
                               " (sizes from 1: 224 or 224x224)");
    }
    return convscope::FitExtents(given, fallback, dims, true);
}

// A link's settings: the playground's layer and input (and the solver's T), or the
// explorer's input and stack. Keys of neither are noted on standard error.
struct LinkSettings {
    bool has_layer = false;
    convscope::LayerLink layer;
    json target;     // T, in the layer's dimensions
    json rf_input;   // rf_in, or the preset's input
    json rf_layers;  // stack or rf_preset
};

LinkSettings ReadLink(const std::string& text) {
    convscope::LayerLinkReading reading(convscope::LayerLink{}, convscope::LayerLinkLimits{});
    LinkSettings settings;
    std::string target, rf_in, stack, preset;
    int rf_dims = 0;
    for (const convscope::LinkPair& pair : convscope::SplitLink(text)) {
        switch (reading.Read(pair.key, pair.value)) {
            case convscope::LayerLinkReading::Result::Read:
                settings.has_layer = true;
                continue;
            case convscope::LayerLinkReading::Result::Refused:
                throw convscope::Error("--link: '" + pair.text.substr(0, 40) +
                                       "' is not a valid value for " + pair.key + " (" +
                                       LinkKeyRule(pair.key) + ")");
            case convscope::LayerLinkReading::Result::NotALayerKey:
                break;
        }
        if (pair.key == "T") {
            target = pair.value;
        } else if (pair.key == "rf_in") {
            rf_in = pair.value;
        } else if (pair.key == "stack") {
            stack = pair.value;
        } else if (pair.key == "rf_preset") {
            preset = pair.value;
        } else if (pair.key == "rf_dims") {
            if (pair.value != "1" && pair.value != "2" && pair.value != "3")
                throw convscope::Error("--link: rf_dims is 1, 2 or 3, got '" +
                                       pair.value.substr(0, 20) + "'");
            rf_dims = pair.value[0] - '0';
        } else {
            std::fprintf(stderr,
                         "convscope: --link: ignored '%s' (the CLI reads a layer's and a "
                         "stack's settings)\n",
                         pair.text.substr(0, 40).c_str());
        }
    }
    settings.layer = reading.Finish();
    const int dims = settings.layer.layer.Dims();
    if (!target.empty()) settings.target = LinkSizes("T", target, settings.layer.input, dims);
    if (!preset.empty()) {
        const convscope::NetworkPreset* found = convscope::FindNetworkPreset(preset);
        if (!found) {
            throw convscope::Error("--link: no preset '" + preset.substr(0, 40) +
                                   "'; the presets are " + convscope::NetworkPresetKeyList());
        }
        settings.rf_input = found->network.input;
        settings.rf_layers = json::array();
        for (const convscope::Layer& layer : found->network.layers)
            settings.rf_layers.push_back(convscope::LayerToJson(layer));
    }
    if (!rf_in.empty()) {
        const int given = static_cast<int>(std::count(rf_in.begin(), rf_in.end(), 'x')) + 1;
        const int in_dims = given > 1 ? given : rf_dims ? rf_dims : 2;
        settings.rf_input = LinkSizes("rf_in", rf_in, convscope::Extents(in_dims, 1), in_dims);
    }
    if (!stack.empty()) {
        const int stack_dims = settings.rf_input.is_array()
                                   ? static_cast<int>(settings.rf_input.size())
                                   : (rf_dims ? rf_dims : 2);
        settings.rf_layers = StackLayers(stack, stack_dims);
    }
    return settings;
}

// The input sizes: --input, else the link's.
json InputOf(const Flags& f, const LinkSettings* link) {
    if (!f.Get("input") && link && link->has_layer) return link->layer.input;
    return SizesFlag(f, "input");
}

// The layer: the link's, with the flags given on top of it.
json LayerOf(const Flags& f, const LinkSettings* link) {
    json layer =
        link && link->has_layer ? convscope::LayerToJson(link->layer.layer) : json::object();
    layer.update(LayerFromFlags(f));
    return layer;
}

// Code for one framework or all three, then the notes as Python comments.
int RunCode(const Flags& f, const LinkSettings* link) {
    const json request = {{"op", "code"}, {"input", InputOf(f, link)}, {"layer", LayerOf(f, link)}};
    const json response = convscope::Evaluate(request);
    if (f.json) {
        std::printf("%s\n", response.dump().c_str());
        return 0;
    }
    static const std::pair<const char*, const char*> frameworks[] = {
        {"pytorch", "PyTorch"}, {"keras", "Keras / TensorFlow"}, {"onnx", "ONNX"}};
    const std::string* only = f.Get("framework");
    if (only && *only != "pytorch" && *only != "keras" && *only != "onnx") {
        throw UsageError("--framework is pytorch, keras or onnx, got '" + *only + "'");
    }
    std::string text;
    for (const auto& [key, title] : frameworks) {
        if (only && *only != key) continue;
        if (!only) text += std::string(text.empty() ? "" : "\n") + "# ---- " + title + " ----\n";
        text += response[key].get<std::string>();
    }
    for (const json& note : response["notes"]) {
        const std::string line = note.get<std::string>();
        // With one framework, only its notes and those for all of them.
        if (only) {
            const std::string prefix = line.substr(0, line.find(':'));
            const std::string want = *only == "pytorch" ? "PyTorch"
                                     : *only == "keras" ? "Keras"
                                                        : "ONNX";
            if (prefix != want && prefix != "All") continue;
        }
        text += "# note: " + line + "\n";
    }
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
}

// A file's text, or standard input's for "-".
std::string ReadText(const std::string& path) {
    if (path == "-")
        return std::string(std::istreambuf_iterator<char>(std::cin),
                           std::istreambuf_iterator<char>());
    std::ifstream file(path, std::ios::binary);
    if (!file) throw UsageError("--text: cannot read '" + path.substr(0, 200) + "'");
    return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

int RunHuman(const std::string& command, const Flags& f) {
    LinkSettings settings;
    const LinkSettings* link = nullptr;
    if (const auto* v = f.Get("link")) {
        settings = ReadLink(*v);
        link = &settings;
    }
    if (command == "code") return RunCode(f, link);
    json request;
    if (command == "shape") {
        request = {{"op", "shape"}, {"input", InputOf(f, link)}, {"layer", LayerOf(f, link)}};
    } else if (command == "pad") {
        // A link's solver has the input size as its target unless T says otherwise.
        json target;
        if (!f.Get("target") && link && link->has_layer)
            target = link->target.is_null() ? json(link->layer.input) : link->target;
        else
            target = SizesFlag(f, "target");
        request = {{"op", "solve_padding"},
                   {"input", InputOf(f, link)},
                   {"target", target},
                   {"layer", LayerOf(f, link)}};
    } else {
        json layers;
        json preset_input;
        if (const auto* name = f.Get("preset")) {
            if (*name == "list") {
                for (const convscope::NetworkPreset& preset : convscope::NetworkPresets())
                    std::printf("%-20s %s\n", preset.key.c_str(), preset.name.c_str());
                return 0;
            }
            const convscope::NetworkPreset* found = convscope::FindNetworkPreset(*name);
            if (!found) {
                throw UsageError("--preset: no preset '" + name->substr(0, 40) +
                                 "'; the presets are " + convscope::NetworkPresetKeyList());
            }
            preset_input = found->network.input;
            layers = json::array();
            for (const convscope::Layer& layer : found->network.layers)
                layers.push_back(convscope::LayerToJson(layer));
        }
        const json input = f.Get("input")                      ? SizesFlag(f, "input")
                           : preset_input.is_array()           ? preset_input
                           : link && link->rf_input.is_array() ? link->rf_input
                                                               : SizesFlag(f, "input");
        const int dims = static_cast<int>(input.size());
        if (layers.is_null()) {  // not a preset: the stack from a file, the flags or the link
            if (const auto* file = f.Get("text")) {
                layers = StackLayers(ReadText(*file), dims);
            } else if (const auto* v = f.Get("stack")) {
                layers = StackLayers(*v, dims);
            } else if (const auto* layers_text = f.Get("layers")) {
                layers = json::parse(*layers_text);
            } else if (link && link->rf_layers.is_array()) {
                layers = link->rf_layers;
            } else {
                throw UsageError(
                    "rf needs --stack \"c3p1;c3p1;m2\" (or a fomoro \"K,S,D,P;...\"), --preset "
                    "NAME, --text FILE, --layers '[...]' or a --link with a stack or rf_preset");
            }
        }
        request = {{"op", "receptive_field"}, {"input", input}, {"layers", layers}};
    }
    const json response = convscope::Evaluate(request);
    if (f.json) {
        std::printf("%s\n", response.dump().c_str());
        return 0;
    }
    convscope::cli::Table table;
    if (command == "shape") {
        table.Header({"output", "pads [before, after]", "effective kernel"});
        table.Row({ListText(response["output"]), ListText(response["pads"]),
                   ListText(response["effective_kernel"])});
    } else if (command == "pad") {
        // Types that take output_padding get its column (the solver answers it too).
        const convscope::LayerTypeInfo* type =
            convscope::FindLayerType(request["layer"].value("type", "conv"));
        const bool transposed = type && type->Has(convscope::kLayerOutputPadding);
        // Other layers get the pads as each framework writes them: F.pad's tuple (last
        // dimension first), Keras' ZeroPadding argument, ONNX's pads (begins, then ends).
        table.Header(transposed
                         ? std::vector<std::string>{"#", "pads [before, after]", "output_padding",
                                                    "symmetric"}
                         : std::vector<std::string>{"#", "pads [before, after]", "symmetric",
                                                    "F.pad", "Keras ZeroPadding", "ONNX pads"});
        int i = 1;
        for (const json& s : response["solutions"]) {
            std::vector<std::string> row = {std::to_string(i++), ListText(s["pads"])};
            if (transposed) row.push_back(ListText(s["output_padding"]));
            row.push_back(s["symmetric"].get<bool>() ? "yes" : "no");
            if (!transposed) {
                for (const char* key : {"pytorch_pad", "keras_zero_padding", "onnx_pads"})
                    row.push_back(s[key].get<std::string>());
            }
            table.Row(row);
        }
    } else {
        // The central unit's field; where units differ (after a transposed layer), their
        // smallest and largest follow it: "196 x 196 (188-204)".
        table.Header({"layer", "output", "receptive field", "jump", "first unit range"});
        int i = 1;
        bool any_varies = false;
        for (const json& l : response["layers"]) {
            std::string rf = ListText(l["rf"]);
            std::vector<std::string> spread;
            bool varies = false;
            for (size_t d = 0; d < l["rf"].size(); ++d) {
                const int64_t lo = l["rf_min"][d].get<int64_t>(),
                              hi = l["rf_max"][d].get<int64_t>();
                spread.push_back(std::to_string(lo) + "-" + std::to_string(hi));
                varies = varies || lo != hi;
            }
            if (varies) {
                const bool same = std::all_of(spread.begin(), spread.end(),
                                              [&](const std::string& t) { return t == spread[0]; });
                std::string text = spread[0];
                for (size_t d = 1; !same && d < spread.size(); ++d) text += " x " + spread[d];
                rf += " (" + text + ")";
                any_varies = true;
            }
            table.Row({std::to_string(i++), ListText(l["output"]), rf, ListText(l["jump"]),
                       ListText(l["range"])});
        }
        table.Print(stdout);
        std::printf(
            "receptive field: the central unit's (index (size-1)/2)%s; first unit range: unit "
            "0's (below 0: padding)\n",
            any_varies ? ", then (smallest-largest) over all units where they differ" : "");
        return 0;
    }
    table.Print(stdout);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fputs(Usage().c_str(), stderr);
        return 2;
    }
    const std::string command = argv[1];
    if (command == "--version") {
        std::printf("convscope %s (%s)\n", convscope::kVersion,
                    convscope::Evaluate({{"op", "version"}})["simd"].get<std::string>().c_str());
        return 0;
    }
    if (command == "--help" || command == "-h" || command == "help") {
        std::fputs(Usage().c_str(), stdout);
        return 0;
    }
    if (command == "eval") {
        for (int i = 2; i < argc; ++i) {
            if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
                std::fputs(CommandUsage(command), stdout);
                return 0;
            }
        }
        return RunEval();
    }
    if (command == "graph") return convscope::cli::RunGraph(argc, argv);
    if (command != "shape" && command != "pad" && command != "rf" && command != "code") {
        std::fprintf(stderr, "convscope: unknown command '%s'\n\n%s", command.c_str(),
                     Usage().c_str());
        return 2;
    }
    Flags flags;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(CommandUsage(command), stdout);
            return 0;
        }
    }
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--json") {
            flags.json = true;
        } else if (arg == "--ceil") {
            flags.ceil = true;
        } else if (arg == "--no-bias") {
            flags.no_bias = true;
        } else if (arg == "--align-corners") {
            flags.align_corners = true;
        } else if (arg.rfind("--", 0) == 0 && i + 1 < argc) {
            flags.values.push_back({arg.substr(2), argv[++i]});
        } else {
            std::fprintf(stderr, "convscope %s: unexpected argument '%s'\n", command.c_str(),
                         arg.c_str());
            return 2;
        }
    }
    try {
        return RunHuman(command, flags);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "convscope %s: %s (convscope %s --help lists the options)\n",
                     command.c_str(), e.what(), command.c_str());
        return 2;
    } catch (const convscope::Error& e) {
        std::fprintf(stderr, "convscope %s: %s\n", command.c_str(), e.what());
        return 1;
    } catch (const nlohmann::json::exception& e) {
        std::fprintf(stderr, "convscope %s: %s\n", command.c_str(), e.what());
        return 1;
    }
}
