// Framework code export: known answers for the lines each framework must get (the forum
// cases, the pads orders of F.pad, tf.pad and ONNX), the notes for what a framework cannot
// say, and the JSON op. The PyTorch and ONNX snippets are also run by
// tests/differential/code_export_check.py; the Keras ones are checked only here.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/api/json_api.h"
#include "core/code_export/code_export.h"
#include "core/layer/error.h"

using nlohmann::json;
using namespace convscope;

namespace {

// The export of a layer given in the JSON API's form.
CodeExport Export(const std::vector<int64_t>& input, const json& layer) {
    return ExportCode(ParseLayer(layer, static_cast<int>(input.size())), input);
}

bool AnyNote(const CodeExport& code, const std::string& prefix, const std::string& words) {
    for (const std::string& n : code.notes) {
        if (n.rfind(prefix, 0) == 0 && n.find(words) != std::string::npos) return true;
    }
    return false;
}

std::string AllNotes(const CodeExport& code) {
    std::string text;
    for (const std::string& n : code.notes) text += n + "\n";
    return text;
}

struct Expect {
    const char* framework;  // "pytorch", "keras", "onnx" or "notes"
    const char* text;       // must appear in it (notes: "Keras: ..." prefix and words)
};

struct KnownAnswer {
    const char* name;
    std::vector<int64_t> input;
    const char* layer;
    std::vector<Expect> expect;
    std::vector<Expect> absent;
};

// Each row: a layer and lines its snippets must (or must not) contain.
const std::vector<KnownAnswer>& KnownAnswers() {
    static const std::vector<KnownAnswer> table = {
        {"forum: Keras Conv2D(32, (4, 1), padding='same') on 100x20 -> explicit pads, extra row at "
         "the bottom",
         {100, 20},
         R"({"kernel":[4,1],"padding":"same","same_rule":"tensorflow","in_channels":1,"out_channels":32})",
         {{"pytorch",
           "    # padding order: last dimension first, (left, right, top, bottom)\n    "
           "nn.ZeroPad2d((0, 0, 1, 2)),\n"},
          {"pytorch", "nn.Conv2d(1, 32, kernel_size=(4, 1)),"},
          {"pytorch", "x = torch.randn(1, 1, 100, 20)"},
          {"pytorch", "print(tuple(y.shape))  # (1, 32, 100, 20)"},
          {"keras", "layer = layers.Conv2D(32, (4, 1), padding='same')"},
          {"keras", "x = tf.random.normal((1, 100, 20, 1))"},
          {"keras", "# (1, 100, 20, 32)"},
          {"onnx", "kernel_shape=[4, 1], pads=[1, 0, 2, 0]"},
          {"onnx", "# ONNX pads: all begins, then all ends"},
          {"onnx", "# [1, 32, 100, 20]"},
          {"notes",
           "PyTorch: at stride 1 the tensorflow same rule pads as PyTorch's padding='same'"}},
         {{"pytorch", "padding="}, {"onnx", "auto_pad"}}},
        {"forum, reflect: the same pads through F.pad, last dimension first",
         {100, 20},
         R"({"kernel":[4,1],"padding":"same","same_rule":"tensorflow","padding_mode":"reflect","out_channels":32,"in_channels":3})",
         {{"pytorch", "conv = nn.Conv2d(3, 32, kernel_size=(4, 1))\n"},
          {"pytorch", "    x = F.pad(x, (0, 0, 1, 2), mode='reflect')\n    return conv(x)\n"},
          {"pytorch", "import torch.nn.functional as F"},
          {"keras", "x = tf.pad(x, [[0, 0], [1, 2], [0, 0], [0, 0]], mode='REFLECT')"},
          {"onnx",
           "helper.make_node('Pad', inputs=['x', 'x_padded_pads'], outputs=['x_padded'], "
           "mode='reflect')"},
          {"onnx", "np.array([0, 0, 1, 0, 0, 0, 2, 0], np.int64), 'x_padded_pads'"},
          {"notes", "Keras: no padding layer reflects"}},
         {{"pytorch", "padding_mode"}}},
        {"dilated same 3x3, D=2 at 32: PyTorch's rule stays padding='same', symmetric",
         {32, 32},
         R"({"kernel":3,"dilation":2,"padding":"same"})",
         {{"pytorch", "layer = nn.Conv2d(1, 1, kernel_size=3, padding='same', dilation=2)\n"},
          {"pytorch", "# (1, 1, 32, 32)"},
          {"keras", "layers.Conv2D(1, 3, padding='same', dilation_rate=2)"},
          {"onnx", "kernel_shape=[3, 3], dilations=[2, 2], pads=[2, 2, 2, 2]"},
          {"notes", "All: channels not given; the snippets use 1 in and 1 out"}},
         {{"notes", "PyTorch: padding='same' pads"}}},
        {"dilated same 3x3, D=2 at 32 under TensorFlow's rule: padding=2",
         {32, 32},
         R"({"kernel":3,"dilation":2,"padding":"same","same_rule":"tensorflow"})",
         {{"pytorch", "layer = nn.Conv2d(1, 1, kernel_size=3, padding=2, dilation=2)\n"},
          {"keras", "padding='same'"}},
         {}},
        {"PyTorch 'same' with an even kernel: the odd cell after, said in a note",
         {10},
         R"({"kernel":4,"padding":"same"})",
         {{"pytorch", "padding='same'"},
          {"notes",
           "PyTorch: padding='same' pads d*(k-1) = 3 cells in the only dimension, an odd total"},
          {"notes", "PyTorch puts the extra cell after (1 before, 2 after)"},
          {"onnx", "pads=[1, 2]"}},
         {}},
        {"explicit asymmetric pads: F.pad order, tf.pad order and ONNX order all differ",
         {9, 9},
         R"({"kernel":3,"padding":[[1,2],[3,0]]})",
         {{"pytorch", "nn.ZeroPad2d((3, 0, 1, 2))"},
          {"keras", "layers.ZeroPadding2D(((1, 2), (3, 0)))"},
          {"onnx", "pads=[1, 3, 2, 0]"},
          {"pytorch", "# (1, 1, 10, 10)"}},
         {}},
        {"1D and 3D zero pads use ConstantPad (ZeroPad1d/3d are newer than PyTorch 1.13)",
         {6, 6, 6},
         R"({"kernel":2,"padding":[[0,1],[1,0],[1,1]]})",
         {{"pytorch", "nn.ConstantPad3d((1, 1, 1, 0, 0, 1), 0.0)"},
          {"pytorch", "(left, right, top, bottom, front, back)"},
          {"keras", "layers.ZeroPadding3D(((0, 1), (1, 0), (1, 1)))"},
          {"onnx", "pads=[0, 1, 1, 1, 0, 1]"}},
         {}},
        {"ONNX SAME_LOWER: auto_pad, and the odd cell before everywhere else",
         {5},
         R"({"kernel":4,"padding":"same","same_rule":"onnx_lower"})",
         {{"onnx", "auto_pad='SAME_LOWER'"},
          {"onnx", "# auto_pad='SAME_LOWER' resolves here to pads [2, 1]"},
          {"pytorch", "nn.ConstantPad1d((2, 1), 0.0)"},
          {"keras", "layers.ZeroPadding1D((2, 1))"},
          {"notes",
           "Keras: padding='same' puts the odd cell after (TensorFlow's rule); ONNX's SAME_LOWER "
           "puts it before"}},
         {{"keras", "padding='same'"}}},
        {"ONNX same with dilation: explicit pads, since ONNX Runtime refuses auto_pad with it",
         {10},
         R"({"kernel":3,"dilation":2,"padding":"same","same_rule":"onnx_upper"})",
         {{"onnx", "dilations=[2], pads=[2, 2]"}},
         {{"onnx", "auto_pad"}}},
        {"ONNX dilated max pooling 'same': no auto_pad (it would size it as 4, not 5), -inf "
         "padding",
         {5},
         R"({"type":"max_pool","kernel":2,"stride":1,"dilation":2,"padding":"same","same_rule":"onnx_lower"})",
         {{"onnx", "'Pad', inputs=['x', 'x_padded_pads', 'x_padded_value']"},
          {"onnx", "kernel_shape=[2], dilations=[2])"},
          {"onnx", "np.array(-np.inf, np.float32)"},
          {"onnx", "# [1, 1, 5]"},
          {"notes", "a dilated window may read only padding"}},
         {{"onnx", "auto_pad"}}},
        {"ONNX ConvTranspose output_padding stays below the stride; a Pad node adds the rest",
         {5},
         R"({"type":"conv_transpose","kernel":3,"dilation":2,"output_padding":1})",
         {{"onnx", "'Pad'"},
          {"notes", "ONNX Runtime needs output_padding smaller than the stride"}},
         {{"onnx", "output_padding="}}},
        {"Keras transposed with dilation: the dilation written into the kernel, no dilation_rate",
         {5, 5},
         R"({"type":"conv_transpose","kernel":3,"stride":2,"dilation":2})",
         {{"keras", "import numpy as np\n"},
          {"keras", "conv = layers.Conv2DTranspose(1, 5, strides=2)\n"},
          {"keras", "    c.build((None, None, None, 1))\n"},
          {"keras", "    taps[::2, ::2] = 1.0\n"},
          {"keras", "# (1, 13, 13, 1)"},
          {"notes", "copy trained weights to kernel[::2, ::2]"}},
         {{"keras", "dilation_rate"}}},
        {"ONNX SAME_UPPER at stride 2",
         {224, 224},
         R"({"kernel":7,"stride":2,"padding":"same","same_rule":"onnx_upper","in_channels":3,"out_channels":64})",
         {{"onnx", "strides=[2, 2], auto_pad='SAME_UPPER'"},
          {"pytorch", "nn.ZeroPad2d((2, 3, 2, 3))"},
          {"pytorch", "nn.Conv2d(3, 64, kernel_size=7, stride=2)"},
          {"keras", "layers.Conv2D(64, 7, strides=2, padding='same')"},
          {"onnx", "# [1, 64, 112, 112]"}},
         {}},
        {"stride 2 with dilation 2: Keras refuses it, the snippet runs stride 1 and subsamples",
         {11},
         R"({"kernel":3,"stride":2,"dilation":2,"padding":1})",
         {{"pytorch", "nn.Conv1d(1, 1, kernel_size=3, stride=2, padding=1, dilation=2)"},
          {"keras",
           "conv = layers.Conv1D(1, 3, dilation_rate=2)\npad = layers.ZeroPadding1D((1, 1))\n"},
          {"keras", "    return conv(x)[:, ::2, :]"},
          {"notes", "Keras: TensorFlow refuses strides > 1 together with dilation_rate > 1"}},
         {{"keras", "strides="}}},
        {"replicate: tf.pad's SYMMETRIC is not replicate",
         {8, 8},
         R"({"kernel":3,"padding":[2,1],"padding_mode":"replicate"})",
         {{"pytorch",
           "layer = nn.Conv2d(1, 1, kernel_size=3, padding=(2, 1), padding_mode='replicate')"},
          {"keras",
           "x = tf.concat([tf.repeat(x[:, :1], 2, axis=1), x, tf.repeat(x[:, -1:], 2, axis=1)], "
           "axis=1)"},
          {"keras",
           "x = tf.concat([tf.repeat(x[:, :, :1], 1, axis=2), x, tf.repeat(x[:, :, -1:], 1, "
           "axis=2)], axis=2)"},
          {"onnx", "mode='edge'"},
          {"notes",
           "Keras: no padding layer replicates, and tf.pad's 'SYMMETRIC' is not replicate"}},
         {{"keras", "SYMMETRIC'"}}},
        {"circular: no tf.pad mode, ONNX 'wrap' from opset 19",
         {8},
         R"({"kernel":3,"padding":[[2,1]],"padding_mode":"circular"})",
         {{"pytorch", "x = F.pad(x, (2, 1), mode='circular')"},
          {"keras", "x = tf.concat([x[:, -2:], x, x[:, :1]], axis=1)"},
          {"onnx", "mode='wrap'"},
          {"onnx", "helper.make_opsetid('', 19)"},
          {"notes", "Keras: no padding layer wraps around and tf.pad has no circular mode"},
          {"notes", "ONNX: Pad's mode 'wrap' (PyTorch's circular) exists from opset 19"}},
         {}},
        {"transposed, asymmetric pads: padding=min(before, after), a slice crops the rest",
         {4},
         R"({"type":"conv_transpose","kernel":4,"stride":2,"padding":[[2,1]]})",
         {{"pytorch", "conv = nn.ConvTranspose1d(1, 1, kernel_size=4, stride=2, padding=1)"},
          {"pytorch", "    y = y[:, :, 1:]\n    return y\n"},
          {"pytorch", "# (1, 1, 7)"},
          {"keras", "layers.Conv1DTranspose(1, 4, strides=2),\n    layers.Cropping1D((2, 1)),"},
          {"onnx",
           "helper.make_node('ConvTranspose', inputs=['x', 'w', 'b'], outputs=['y'], "
           "kernel_shape=[4], strides=[2], pads=[2, 1])"},
          {"notes", "PyTorch: nn.ConvTranspose1d crops one padding from both ends of a dimension"}},
         {}},
        {"transposed, TensorFlow same with a kernel shorter than the stride: cells holding only "
         "the bias",
         {7},
         R"({"type":"conv_transpose","kernel":1,"stride":3,"padding":"same","same_rule":"tensorflow","output_padding":2})",
         {{"pytorch", "nn.ConvTranspose1d(1, 1, kernel_size=1, stride=3, output_padding=2)"},
          {"pytorch", "    b = conv.bias.view(1, -1, 1)\n    y = F.pad(y - b, (0, 2)) + b\n"},
          {"pytorch", "# (1, 1, 23)"},
          {"keras", "layers.Conv1DTranspose(1, 1, strides=3, output_padding=2)"},
          {"keras", "y = tf.pad(y - b, [[0, 0], [0, 2], [0, 0]]) + b"},
          {"onnx", "helper.make_node('Add', inputs=['y_filled', 'b'], outputs=['y'])"},
          {"notes", "PyTorch: output_padding must be smaller than max(stride, dilation)"}},
         {}},
        {"transposed, TensorFlow same without output_padding is Keras's own 'same'",
         {7, 7},
         R"({"type":"conv_transpose","kernel":4,"stride":2,"padding":"same","same_rule":"tensorflow"})",
         {{"keras", "layer = layers.Conv2DTranspose(1, 4, strides=2, padding='same')"},
          {"pytorch", "layer = nn.ConvTranspose2d(1, 1, kernel_size=4, stride=2, padding=1)"},
          {"pytorch", "# (1, 1, 14, 14)"}},
         {}},
        {"transposed with groups: Keras splits the channels",
         {5},
         R"({"type":"conv_transpose","kernel":3,"groups":2,"in_channels":4,"out_channels":6})",
         {{"pytorch", "nn.ConvTranspose1d(4, 6, kernel_size=3, groups=2)"},
          {"keras", "convs = [layers.Conv1DTranspose(3, 3) for _ in range(2)]"},
          {"keras", "tf.split(x, 2, axis=-1)"},
          {"onnx", "group=2"},
          {"notes", "Keras: layers.Conv1DTranspose has no groups argument"}},
         {}},
        {"max pooling under TensorFlow's same rule: -inf in front for PyTorch, 'same' in Keras",
         {5},
         R"({"type":"max_pool","kernel":2,"padding":"same","same_rule":"tensorflow"})",
         {{"pytorch", "nn.ConstantPad1d((0, 1), float('-inf')),\n    nn.MaxPool1d(kernel_size=2),"},
          {"keras", "layer = layers.MaxPooling1D(2, padding='same')"},
          {"onnx",
           "helper.make_node('MaxPool', inputs=['x'], outputs=['y'], kernel_shape=[2], "
           "strides=[2], pads=[0, 1])"},
          {"pytorch", "# (1, 1, 3)"}},
         {}},
        {"average pooling, Keras 'same' leaves the padding out: count_include_pad=False",
         {5},
         R"({"type":"avg_pool","kernel":2,"padding":"same","same_rule":"tensorflow","count_include_pad":false})",
         {{"keras", "layer = layers.AveragePooling1D(2, padding='same')"},
          {"pytorch",
           "ones = torch.ones_like(x)\n    return (pool(F.pad(x, (0, 1))) / pool(F.pad(ones, (0, "
           "1))))\n"},
          {"notes", "PyTorch: nn.AvgPool1d takes the same padding on both ends"}},
         {{"onnx", "count_include_pad"}}},
        {"average pooling counting the padding: explicit zeros in Keras, count_include_pad=1 in "
         "ONNX",
         {6, 6},
         R"({"type":"avg_pool","kernel":3,"stride":1,"padding":1})",
         {{"pytorch", "layer = nn.AvgPool2d(kernel_size=3, stride=1, padding=1)"},
          {"keras",
           "layers.ZeroPadding2D(((1, 1), (1, 1))),\n    layers.AveragePooling2D(3, strides=1),"},
          {"onnx", "pads=[1, 1, 1, 1], count_include_pad=1"},
          {"notes", "ONNX: AveragePool's count_include_pad defaults to 0"}},
         {}},
        {"ceil_mode dropping a window that starts in the right padding: ONNX Slice, Keras pads",
         {5},
         R"({"type":"max_pool","kernel":2,"padding":1,"ceil_mode":true})",
         {{"pytorch", "layer = nn.MaxPool1d(kernel_size=2, padding=1, ceil_mode=True)"},
          {"pytorch", "# (1, 1, 3)"},
          {"onnx", "ceil_mode=1"},
          {"onnx", "np.array([3], np.int64), 'slice_ends'"},
          {"notes", "ONNX: ceil_mode as onnx's shape inference computes it keeps a last window"}},
         {}},
        {"ceil_mode adding a window: Keras pads the end so that 'valid' reaches it",
         {6},
         R"({"type":"max_pool","kernel":3,"stride":2,"ceil_mode":true})",
         {{"pytorch", "layer = nn.MaxPool1d(kernel_size=3, stride=2, ceil_mode=True)"},
          {"pytorch", "# (1, 1, 3)"},
          {"keras", "x = tf.pad(x, [[0, 0], [0, 1], [0, 0]], constant_values=float('-inf'))"},
          {"keras", "pool = layers.MaxPooling1D(3, strides=2)"},
          {"notes", "Keras: pooling has no ceil_mode"}},
         {{"onnx", "Slice"}}},
        {"dilated max pooling: no dilation in Keras, tf.nn.pool at stride 1",
         {9},
         R"({"type":"max_pool","kernel":3,"stride":2,"dilation":2})",
         {{"pytorch", "layer = nn.MaxPool1d(kernel_size=3, stride=2, dilation=2)"},
          {"keras",
           "tf.nn.pool(x, window_shape=[3], pooling_type='MAX', padding='VALID', dilations=[2])[:, "
           "::2, :]"},
          {"onnx", "strides=[2], dilations=[2]"},
          {"notes", "Keras: max pooling has no dilation"}},
         {}},
        {"3-D average pooling under a same rule on an input smaller than its kernel: PyTorch "
         "pads ahead, since avg_pool3d refuses the input itself",
         {2, 2, 2},
         R"({"type":"avg_pool","kernel":3,"stride":1,"padding":"same","same_rule":"tensorflow","count_include_pad":false})",
         {{"pytorch", "pool = nn.AvgPool3d(kernel_size=3, stride=1)\n"},
          {"pytorch",
           "(pool(F.pad(x, (1, 1, 1, 1, 1, 1))) / pool(F.pad(ones, (1, 1, 1, 1, 1, 1))))"},
          {"pytorch", "# (1, 1, 2, 2, 2)"},
          {"keras", "layer = layers.AveragePooling3D(3, strides=1, padding='same')"},
          {"notes",
           "PyTorch: nn.AvgPool3d refuses an input smaller than its kernel (input [2, 2, "
           "2], kernel [3, 3, 3])"}},
         {{"pytorch", "padding=1"}}},
        {"dilated max pooling with pads at the kernel size: a -inf Pad node for onnxruntime",
         {4},
         R"({"type":"max_pool","kernel":2,"stride":1,"dilation":3,"padding":"same","same_rule":"tensorflow"})",
         {{"onnx",
           "helper.make_node('Pad', inputs=['x', 'x_padded_pads', 'x_padded_value'], "
           "outputs=['x_padded'], mode='constant')"},
          {"onnx", "np.array(-np.inf, np.float32)"},
          {"notes", "ONNX: onnxruntime refuses pooling pads that reach the kernel size"}},
         {}},
    };
    return table;
}

const std::string& Field(const CodeExport& code, const std::string& framework) {
    static std::string notes;
    if (framework == "pytorch") return code.pytorch;
    if (framework == "keras") return code.keras;
    if (framework == "onnx") return code.onnx;
    notes = AllNotes(code);
    return notes;
}

}  // namespace

TEST_CASE("code export known answers", "[code_export]") {
    for (const KnownAnswer& row : KnownAnswers()) {
        INFO(row.name);
        const CodeExport code = Export(row.input, json::parse(row.layer));
        for (const Expect& e : row.expect) {
            const std::string& text = Field(code, e.framework);
            INFO(e.framework << " snippet:\n" << text << "\nnotes:\n" << AllNotes(code));
            CHECK(text.find(e.text) != std::string::npos);
        }
        for (const Expect& e : row.absent) {
            const std::string& text = Field(code, e.framework);
            INFO(e.framework << " snippet must not contain '" << e.text << "':\n" << text);
            CHECK(text.find(e.text) == std::string::npos);
        }
    }
}

TEST_CASE("every snippet prints the core's output shape", "[code_export]") {
    const CodeExport code = Export(
        {100, 20},
        json::parse(
            R"({"kernel":[4,1],"padding":"same","same_rule":"tensorflow","out_channels":32})"));
    CHECK(code.output == std::vector<int64_t>{100, 20});
    CHECK(code.in_channels == 1);
    CHECK(code.out_channels == 32);
    CHECK(code.pytorch.find("print(tuple(y.shape))  # (1, 32, 100, 20)\n") != std::string::npos);
    CHECK(code.keras.find("print(tuple(y.shape))  # (1, 100, 20, 32)\n") != std::string::npos);
    CHECK(code.onnx.find("# [1, 32, 100, 20]\n") != std::string::npos);
    // A Keras snippet never leans on the PyTorch layout and vice versa.
    CHECK(code.keras.find("torch") == std::string::npos);
    CHECK(code.pytorch.find("tf.") == std::string::npos);
}

TEST_CASE("channels default to the groups, pooling keeps its channels", "[code_export]") {
    const CodeExport grouped = Export({8}, json::parse(R"({"kernel":3,"groups":3})"));
    CHECK(grouped.pytorch.find("nn.Conv1d(3, 3, kernel_size=3, groups=3)") != std::string::npos);
    CHECK(AnyNote(grouped, "All:", "channels not given"));
    const CodeExport pool =
        Export({8}, json::parse(R"({"type":"avg_pool","kernel":2,"in_channels":5})"));
    CHECK(pool.pytorch.find("x = torch.randn(1, 5, 8)") != std::string::npos);
    CHECK(pool.pytorch.find("# (1, 5, 4)") != std::string::npos);
    CHECK_FALSE(AnyNote(pool, "All:", "channels"));
}

TEST_CASE("what the core refuses, the export refuses with the same message", "[code_export]") {
    const auto message = [](const std::vector<int64_t>& input, const char* layer) {
        try {
            Export(input, json::parse(layer));
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK(message({224}, R"({"kernel":3,"stride":2,"padding":"same"})")
              .find("padding='same' is not supported with stride 2") != std::string::npos);
    CHECK(message({3}, R"({"kernel":3,"padding":3,"padding_mode":"reflect"})")
              .find("reflect padding needs pad < input size") != std::string::npos);
    CHECK(message({2}, R"({"kernel":5})")
              .find("Kernel size can't be greater than actual input size") != std::string::npos);
}

TEST_CASE("the code op answers through the JSON API and never throws", "[code_export][api]") {
    const json ok = json::parse(EvalRequest(
        R"({"op":"code","id":7,"input":[100,20],"layer":{"kernel":[4,1],"padding":"same","same_rule":"keras","out_channels":32}})"));
    REQUIRE_FALSE(ok.contains("error"));
    CHECK(ok["id"] == 7);
    CHECK(ok["output"] == json({100, 20}));
    CHECK(ok["channels"] == json({1, 32}));
    CHECK(ok["pytorch"].get<std::string>().find("nn.ZeroPad2d((0, 0, 1, 2))") != std::string::npos);
    CHECK(ok["keras"].get<std::string>().find("padding='same'") != std::string::npos);
    CHECK(ok["onnx"].get<std::string>().find("pads=[1, 0, 2, 0]") != std::string::npos);
    REQUIRE(ok["notes"].is_array());

    // Framework refusals are notes, not errors.
    const json noted = json::parse(
        EvalRequest(R"({"op":"code","input":[9],"layer":{"kernel":3,"stride":2,"dilation":2}})"));
    REQUIRE_FALSE(noted.contains("error"));
    bool keras_note = false;
    for (const json& n : noted["notes"])
        keras_note = keras_note || n.get<std::string>().rfind("Keras:", 0) == 0;
    CHECK(keras_note);

    // Core refusals and malformed requests are errors, never exceptions.
    for (
        const char* request : {
            R"({"op":"code","input":[224],"layer":{"kernel":3,"stride":2,"padding":"same"}})",
            R"({"op":"code","input":[5],"layer":{"type":"conv_transpose","kernel":3,"padding_mode":"reflect"}})",
            R"({"op":"code","input":[5]})",
            R"({"op":"code","layer":{"kernel":3}})",
            R"({"op":"code","input":[0],"layer":{"kernel":1}})",
            R"({"op":"code","input":[5,5,5,5],"layer":{"kernel":1}})",
            R"({"op":"code","input":[1073741824],"layer":{"kernel":1073741824,"dilation":1073741824}})",
            R"({"op":"code","input":[7],"layer":{"kernel":3,"padding":[[1,2,3]]}})",
        }) {
        INFO(request);
        std::string answer;
        REQUIRE_NOTHROW(answer = EvalRequest(request));
        CHECK(json::parse(answer).contains("error"));
    }
}
