// The graph command (see graph_command.h).
#include "cli/graph_command.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/table.h"
#include "core/api/json_graph_ops.h"
#include "core/layer/error.h"
#include "core/onnx/onnx_reader.h"

namespace convscope::cli {

namespace {

using nlohmann::json;

const char* kGraphUsage =
    "usage: convscope graph MODEL.onnx [--input-shape 1,3,224,224] [--symbol NAME=SIZE]... "
    "[--json]\n"
    "\n"
    "Reads an ONNX model (its graph, not its weights) and prints every node's output shape\n"
    "and, per spatial dimension, its receptive field on the model's input: the central unit's\n"
    "field (rf), the smallest and largest over all units when they differ, the jump between\n"
    "neighbouring units, the first unit's input range, and flags (misaligned merges, ops not\n"
    "understood).\n"
    "\n"
    "  --input-shape   the input's whole shape N,C,H,W (default: the model's own, with 1 for\n"
    "                  a symbolic batch)\n"
    "  --symbol        a size for a named dimension of the model's input, e.g. height=512\n"
    "  --json          one JSON object: input, nodes, outputs, notes (docs/models.md)\n"
    "\n"
    "examples:\n"
    "  convscope graph resnet18.onnx\n"
    "  convscope graph unet.onnx --input-shape 1,1,572,572 --json\n";

// "5" or "3-5" (smallest to largest when units differ), per dimension joined by "x".
std::string FieldText(const json& node, const char* key) {
    if (!node.contains(key)) return node.value("whole_input", false) ? "whole input" : "";
    std::string text;
    for (size_t d = 0; d < node[key].size(); ++d) {
        if (d) text += "x";
        const int64_t rf = node[key][d].get<int64_t>();
        const int64_t lo = node["rf_min"][d].get<int64_t>(), hi = node["rf_max"][d].get<int64_t>();
        text += std::to_string(rf);
        if (lo != hi) text += " (" + std::to_string(lo) + "-" + std::to_string(hi) + ")";
    }
    return node.value("whole_input", false) ? text + ", whole input" : text;
}

std::string ListText(const json& list, const char* separator) {
    if (!list.is_array()) return "?";
    if (list.empty()) return "scalar";
    std::string text;
    for (size_t i = 0; i < list.size(); ++i) {
        if (i) text += separator;
        const json& v = list[i];
        text += v.is_string() ? v.get<std::string>() : v.is_null() ? "-" : v.dump();
    }
    return text;
}

void PrintTable(const json& answer) {
    std::printf("input %s: %s\n", answer["input"]["name"].get<std::string>().c_str(),
                ListText(answer["input"]["shape"], "x").c_str());
    Table table;
    table.Header({"node", "op", "output", "receptive field", "jump", "first unit range", "flags"});
    for (const json& node : answer["nodes"]) {
        std::string flags;
        for (const json& flag : node["flags"])
            flags += (flags.empty() ? "" : "; ") + flag.get<std::string>();
        table.Row({node["name"].get<std::string>(), node["op"].get<std::string>(),
                   ListText(node["shape"], "x"), FieldText(node, "rf"),
                   node.contains("jump_exact") ? ListText(node["jump_exact"], "x") : "",
                   node.contains("range") ? ListText(node["range"], " ") : "", flags});
    }
    table.Print(stdout);
    for (const json& note : answer["notes"])
        std::printf("note: %s\n", note.get<std::string>().c_str());
}

}  // namespace

int RunGraph(int argc, char** argv) {
    std::string model;
    bool as_json = false;
    json request = json::object();
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(kGraphUsage, stdout);
            return 0;
        }
        if (arg == "--json") {
            as_json = true;
        } else if ((arg == "--input-shape" || arg == "--symbol") && i + 1 < argc) {
            const std::string value = argv[++i];
            if (arg == "--input-shape") {
                request["input_shape"] = json::array();
                size_t start = 0;
                for (;;) {
                    const size_t end = value.find_first_of(",x", start);
                    const std::string part = value.substr(start, end - start);
                    char* stop = nullptr;
                    const long long size = std::strtoll(part.c_str(), &stop, 10);
                    if (part.empty() || *stop != '\0') {
                        std::fprintf(stderr,
                                     "convscope graph: --input-shape takes sizes like "
                                     "1,3,224,224, got '%s'\n",
                                     value.c_str());
                        return 2;
                    }
                    request["input_shape"].push_back(size);
                    if (end == std::string::npos) break;
                    start = end + 1;
                }
            } else {
                const size_t equals = value.find('=');
                char* stop = nullptr;
                const long long size = equals == std::string::npos
                                           ? 0
                                           : std::strtoll(value.c_str() + equals + 1, &stop, 10);
                if (equals == std::string::npos || equals == 0 || !stop || *stop != '\0') {
                    std::fprintf(stderr,
                                 "convscope graph: --symbol takes NAME=SIZE, e.g. "
                                 "batch=1, got '%s'\n",
                                 value.c_str());
                    return 2;
                }
                request["symbols"][value.substr(0, equals)] = size;
            }
        } else if (arg.rfind("--", 0) != 0 && model.empty()) {
            model = arg;
        } else {
            std::fprintf(stderr, "convscope graph: unexpected argument '%s'\n\n%s", arg.c_str(),
                         kGraphUsage);
            return 2;
        }
    }
    if (model.empty()) {
        std::fputs(kGraphUsage, stderr);
        return 2;
    }
    try {
        const Graph graph = ReadOnnxModelFile(model);
        const json answer =
            graph_ops::GraphAnalysisJson(AnalyseGraph(graph, graph_ops::ReadGraphOptions(request)));
        if (as_json) {
            std::printf("%s\n",
                        answer.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
        } else {
            PrintTable(answer);
        }
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "convscope graph: %s\n", e.what());
        return 1;
    }
}

}  // namespace convscope::cli
