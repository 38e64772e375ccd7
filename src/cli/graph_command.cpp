// The graph command (see graph_command.h).
#include "cli/graph_command.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/table.h"
#include "core/api/json_graph_ops.h"
#include "core/graph/graph_table.h"
#include "core/layer/error.h"
#include "core/onnx/onnx_reader.h"

namespace convscope::cli {

namespace {

using nlohmann::json;

const char* kGraphUsage =
    "usage: convscope graph MODEL.onnx [--input-shape 1,3,224,224] [--symbol NAME=SIZE]... "
    "[--all] [--json | --csv | --markdown]\n"
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
    "  --all           also list the nodes that do not depend on the input (weights, shape\n"
    "                  arithmetic), which the table, CSV and Markdown leave out\n"
    "  --json          one JSON object: input, nodes, outputs, notes (docs/models.md); it\n"
    "                  always holds every node\n"
    "  --csv           the table as CSV, one line per node and spatial dimension\n"
    "  --markdown      the table as a Markdown table, one line per node\n"
    "\n"
    "examples:\n"
    "  convscope graph resnet18.onnx\n"
    "  convscope graph unet.onnx --input-shape 1,1,572,572 --json\n";

void PrintTable(const GraphAnalysis& analysis, const std::vector<NodeAnalysis>& nodes) {
    std::string shape;
    for (const int64_t size : analysis.input_shape)
        shape += (shape.empty() ? "" : "x") + std::to_string(size);
    std::printf("input %s: %s\n", analysis.input_name.c_str(), shape.c_str());
    Table table;
    table.Header(GraphTableHeader());
    for (const NodeAnalysis& node : nodes) table.Row(GraphTableRow(node));
    table.Print(stdout);
    for (const std::string& note : analysis.notes) std::printf("note: %s\n", note.c_str());
}

}  // namespace

int RunGraph(int argc, char** argv) {
    std::string model;
    enum class Format { Table, Json, Csv, Markdown } format = Format::Table;
    bool all_nodes = false;
    json request = json::object();
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(kGraphUsage, stdout);
            return 0;
        }
        if (arg == "--all") {
            all_nodes = true;
        } else if (arg == "--json" || arg == "--csv" || arg == "--markdown") {
            format = arg == "--json"  ? Format::Json
                     : arg == "--csv" ? Format::Csv
                                      : Format::Markdown;
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
        const GraphAnalysis analysis = AnalyseGraph(graph, graph_ops::ReadGraphOptions(request));
        std::vector<NodeAnalysis> nodes;
        std::vector<size_t> places;
        for (size_t i = 0; i < analysis.nodes.size(); ++i) {
            if (!all_nodes && !analysis.nodes[i].depends_on_input) continue;
            nodes.push_back(analysis.nodes[i]);
            places.push_back(i);
        }
        switch (format) {
            case Format::Table:
                PrintTable(analysis, nodes);
                break;
            case Format::Json:
                std::printf("%s\n", graph_ops::GraphAnalysisJson(analysis)
                                        .dump(-1, ' ', false, json::error_handler_t::replace)
                                        .c_str());
                break;
            case Format::Csv:
                std::fputs(GraphTableCsv(nodes, places).c_str(), stdout);
                break;
            case Format::Markdown:
                std::fputs(GraphTableMarkdown(nodes).c_str(), stdout);
                break;
        }
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "convscope graph: %s\n", e.what());
        return 1;
    }
}

}  // namespace convscope::cli
