// The page's model reader: a WebAssembly module of its own (convscope-model.js and .wasm),
// which the page loads when a model is first opened, so that the first visit carries none of
// protobuf, the ONNX reader or the graph analysis. It reads an .onnx file the page hands
// over (its bytes are copied in pieces as the reader asks for them, and weights are skipped
// as they pass), keeps the graph, and answers graph requests on it: the JSON API's graph op
// (docs/api.md), for the explorer's node table and for ConvScope.analyseModel.
#include <emscripten.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <new>
#include <nlohmann/json.hpp>
#include <string>

#include "core/api/json_graph_ops.h"
#include "core/layer/error.h"
#include "core/onnx/onnx_reader.h"

namespace {

// The bytes the page set as Module.modelBytes (a Uint8Array), from Module.modelAt on.
// clang-format off
EM_JS(size_t, ReadPageBytes, (void* buffer, size_t size), {
    const bytes = Module.modelBytes;
    const at = Module.modelAt || 0;
    if (!bytes) return 0;
    const count = Math.min(size, bytes.length - at);
    HEAPU8.set(bytes.subarray(at, at + count), buffer);
    Module.modelAt = at + count;
    return count;
});
// clang-format on

class PageBytes : public convscope::ByteSource {
public:
    size_t Read(void* buffer, size_t size) override { return ReadPageBytes(buffer, size); }
};

// The models read, by handle (the page opens one at a time in the explorer, and
// ConvScope.analyseModel reads its own and closes it).
std::map<int, std::unique_ptr<convscope::Graph>> g_models;
int g_next_handle = 1;

const char* Answer(const nlohmann::json& answer) {
    static std::string text;
    text = answer.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return text.c_str();
}

}  // namespace

// Reads Module.modelBytes: {"handle": n, "nodes": count, "opset": v} or {"error": "..."}.
extern "C" EMSCRIPTEN_KEEPALIVE const char* convscope_model_read() {
    try {
        PageBytes source;
        auto graph = std::make_unique<convscope::Graph>(convscope::ReadOnnxModel(source));
        const int handle = g_next_handle++;
        const nlohmann::json answer = {
            {"handle", handle}, {"nodes", graph->nodes.size()}, {"opset", graph->opset}};
        g_models[handle] = std::move(graph);
        return Answer(answer);
    } catch (const convscope::Error& e) {
        return Answer({{"error", e.what()}});
    } catch (const std::bad_alloc&) {
        return Answer({{"error", "out of memory while reading the model's graph"}});
    }
}

// A graph request ({"input_shape": [...], "symbols": {...}}) on model `handle`: the graph
// op's answer, or {"error": "..."}.
extern "C" EMSCRIPTEN_KEEPALIVE const char* convscope_model_analyse(int handle,
                                                                    const char* request) {
    static std::string text;
    const auto model = g_models.find(handle);
    if (model == g_models.end())
        return Answer({{"error", "no model is open under handle " + std::to_string(handle)}});
    text = convscope::graph_ops::AnswerGraphRequest(*model->second, request ? request : "");
    return text.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE void convscope_model_close(int handle) { g_models.erase(handle); }
