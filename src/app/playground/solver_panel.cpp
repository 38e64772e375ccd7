// The padding solver panel (see solver_panel.h). Solutions come from the core's
// SolvePadding, TensorFlow's same padding from its ResolvePadding; this file only words them.
// Sections: 1. helpers  2. target to padding  3. Keras same to PyTorch  4. PyTorch to Keras
#include "app/playground/solver_panel.h"

#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "app/widgets/control_list.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"
#include "core/code_export/code_export.h"
#include "core/layer/arithmetic.h"
#include "core/layer/error.h"
#include "core/layer/padding_solver.h"

namespace convscope::app {

namespace {

// ---- 1. Helpers -------------------------------------------------------------------------

std::string Num(int64_t v) { return std::to_string(v); }

// PyTorch's F.pad call with the core's tuple (last dimension first) and, as a comment, the
// names of its entries.
std::string FPadTuple(const std::vector<PadPair>& pads, bool with_names) {
    return "F.pad(x, " + TorchPadTuple(pads) + ")" +
           (with_names ? "  # " + TorchPadOrder(static_cast<int>(pads.size())) : "");
}

// The same pads as PyTorch's padding= argument when symmetric.
std::string PaddingArgument(const std::vector<PadPair>& pads) {
    std::string text;
    for (size_t d = 0; d < pads.size(); ++d) text += (d ? ", " : "") + Num(pads[d].before);
    return pads.size() == 1 ? "padding=" + text : "padding=(" + text + ")";
}

bool Symmetric(const std::vector<PadPair>& pads) {
    return std::all_of(pads.begin(), pads.end(),
                       [](const PadPair& p) { return p.before == p.after; });
}

bool AllZero(const std::vector<PadPair>& pads) {
    return std::all_of(pads.begin(), pads.end(),
                       [](const PadPair& p) { return p.before == 0 && p.after == 0; });
}

// A line of code on its own background, wrapped where the room ends.
void CodeLine(const std::string& text) {
    const Theme& theme = CurrentTheme();
    const ImVec2 pos = ImGui::GetCursorScreenPos();
    const ImVec2 size =
        ImGui::CalcTextSize(text.c_str(), nullptr, false, ImGui::GetContentRegionAvail().x);
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(pos.x - 4, pos.y - 2),
                                              ImVec2(pos.x + size.x + 4, pos.y + size.y + 2),
                                              theme.code_background, 3.0f);
    ImGui::TextWrapped("%s", text.c_str());
    ListText(text, true);
}

// The wanted output sizes, unless the reader chose others: what such a layer is usually
// asked for. A strided layer: TensorFlow's 'same', ceil(I / S); a transposed layer: I * S,
// its upsampling; otherwise the input size.
Extents TargetOf(const PlaygroundState& state) {
    if (!state.target.empty()) return state.target;
    Extents target = state.input;
    const Layer& layer = state.layer;
    for (size_t d = 0; d < target.size() && d < layer.stride.size(); ++d) {
        const int64_t s = layer.stride[d];
        target[d] = layer.IsTransposed() ? target[d] * s : (target[d] + s - 1) / s;
    }
    return target;
}

// The first four paddings that reach the target, each with its wording; `error` when the
// core refuses.
struct Solutions {
    std::vector<PaddingSolution> found;
    std::vector<std::string> texts;
    std::string error;
};

Solutions Solve(const PlaygroundState& state, const Layer& layer) {
    Solutions solved;
    try {
        const std::vector<PaddingSolution> all = SolvePadding(state.input, TargetOf(state), layer);
        for (size_t i = 0; i < std::min<size_t>(all.size(), 4); ++i) {
            const PaddingSolution& s = all[i];
            std::string text;
            if (s.symmetric) {
                text = layer.IsTransposed() || !AllZero(s.pads) ? PaddingArgument(s.pads)
                                                                : "padding=0 (valid)";
            } else {
                text = FPadTuple(s.pads, true) + ", then padding=0";
            }
            if (layer.IsTransposed()) {
                std::string op;
                for (size_t d = 0; d < s.output_padding.size(); ++d)
                    op += (d ? ", " : "") + Num(s.output_padding[d]);
                text += ", output_padding=" + (state.Dims() == 1 ? op : "(" + op + ")");
            }
            solved.found.push_back(s);
            solved.texts.push_back(text);
        }
    } catch (const Error& e) {
        solved.error = e.what();
    }
    return solved;
}

// The layer with TensorFlow's 'same' padding instead of its own.
Layer TensorFlowSame(Layer layer) {
    layer.padding_form = PaddingForm::Same;
    layer.same_rule = SameRule::TensorFlow;
    return layer;
}

// TensorFlow's 'same' pads in PyTorch: padding= when symmetric, else an F.pad first.
std::string KerasSameInPyTorch(const std::vector<PadPair>& pads) {
    if (Symmetric(pads))
        return "PyTorch: " + PaddingArgument(pads) +
               "   (the same on both sides, so no F.pad needed)";
    return "PyTorch: x = " + FPadTuple(pads, true) + ", then padding=0";
}

// The current layer's pads in Keras; `tf_same` tells whether they are TensorFlow's 'same'.
std::string PaddingInKeras(const PlaygroundState& state, const PlaygroundModel& model,
                           const Layer& layer, bool* tf_same) {
    const std::vector<PadPair>& pads = model.GetShape().pads;
    *tf_same = false;
    if (!layer.IsTransposed()) {
        try {
            *tf_same = ResolvePadding(state.input, TensorFlowSame(layer)) == pads;
        } catch (const Error&) {
        }
    }
    if (AllZero(pads)) return "Keras: padding='valid'";
    if (*tf_same && layer.padding_mode == PaddingMode::Zeros)
        return "Keras: padding='same'   (TensorFlow's rule gives exactly these pads for this "
               "input)";
    return "Keras: ZeroPadding" + Num(state.Dims()) + "D(padding=" + KerasPairs(pads) +
           "), then padding='valid'";
}

}  // namespace

nlohmann::json SolverPanelTestValues(const PlaygroundState& state, const PlaygroundModel& model) {
    nlohmann::json values = nlohmann::json::object();
    const Layer& layer = state.layer;
    const Solutions solved = Solve(state, layer);
    if (!solved.error.empty()) values["solver_error"] = solved.error;
    values["solver_solutions"] = solved.texts;
    values["solver_target"] = TargetOf(state);
    if (!layer.IsTransposed()) {
        try {
            values["keras_same_to_pytorch"] =
                KerasSameInPyTorch(ResolvePadding(state.input, TensorFlowSame(layer)));
        } catch (const Error&) {
        }
    }
    if (model.Ok()) {
        bool tf_same = false;
        values["pytorch_to_keras"] = PaddingInKeras(state, model, layer, &tf_same);
    }
    return values;
}

bool DrawSolverPanel(PlaygroundState& state, const PlaygroundModel& model) {
    const Theme& theme = CurrentTheme();
    bool changed = false;
    const int dims = state.Dims();
    const Layer layer = state.layer;
    const Extents& input = state.input;

    // ---- 2. Target output size to padding ------------------------------------------------
    ListedHeading("Which padding gives the output size I want?");
    for (int d = 0; d < dims; ++d) {
        int target = static_cast<int>(TargetOf(state)[static_cast<size_t>(d)]);
        ImGui::SetNextItemWidth(160.0f);
        const std::string label = std::string("wanted output ") + AxisName(d, dims);
        if (ListedInputInt(label.c_str(), &target)) {
            state.target = TargetOf(state);
            state.target[static_cast<size_t>(d)] =
                std::clamp(target, 1, static_cast<int>(4 * kMaxPlaygroundInput));
        }
        ProbeLastItem("control:target", d);
    }
    const std::vector<int64_t> target = TargetOf(state);
    const Solutions solved = Solve(state, layer);
    for (size_t i = 0; i < solved.found.size(); ++i) {
        const PaddingSolution& s = solved.found[i];
        ImGui::PushID(static_cast<int>(i));
        const bool fits = std::all_of(s.pads.begin(), s.pads.end(), [](const PadPair& p) {
            return p.before <= kMaxPlaygroundPadding && p.after <= kMaxPlaygroundPadding;
        });
        ImGui::BeginDisabled(!fits);
        if (InlineButton("use")) {
            state.layer.padding = s.pads;
            if (!s.output_padding.empty()) state.layer.output_padding = s.output_padding;
            SetPaddingChoice(state.layer,
                             s.symmetric ? PaddingChoice::Symmetric : PaddingChoice::Asymmetric);
            changed = true;
        }
        ImGui::EndDisabled();
        ProbeLastItem("control:use_solution", i);
        ImGui::SameLine();
        CodeLine(solved.texts[i]);
        ImGui::PopID();
    }
    const auto show_error = [&](const char* text) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
        ListedTextWrapped(text);
        ImGui::PopStyleColor();
    };
    if (!solved.error.empty()) show_error(solved.error.c_str());
    // Why: the formula solved for the total padding, per dimension.
    try {
        for (int d = 0; solved.error.empty() && d < dims; ++d) {
            const int64_t s = layer.stride[d],
                          keff = EffectiveKernel(layer.kernel[d], layer.dilation[d]);
            std::string why = (dims == 1 ? std::string() : std::string(AxisName(d, dims)) + ": ");
            if (layer.IsTransposed()) {
                why += "O = (I−1)·S − P_total + k_eff + output_padding, so P_total = (" +
                       Num(input[d]) + "−1)·" + Num(s) + " + " + Num(keff) +
                       " + output_padding − " + Num(target[d]) + " = " +
                       Num((input[d] - 1) * s + keff - target[d]) + " + output_padding";
            } else {
                const int64_t lowest = (target[d] - 1) * s + keff - input[d];
                why += "O = ⌊(I + P_total − k_eff)/S⌋ + 1 needs P_total ≥ (O−1)·S + k_eff − I = (" +
                       Num(target[d]) + "−1)·" + Num(s) + " + " + Num(keff) + " − " +
                       Num(input[d]) + " = " + Num(lowest);
                if (lowest < 0) {
                    why += ": no padding needed (a negative total would mean cropping)";
                } else if (s > 1) {
                    why += "; any total up to " + Num(lowest + s - 1) +
                           " gives the same O (the floor drops the rest), so an even "
                           "total splits evenly";
                } else if (lowest % 2) {
                    why += "; odd, so one side gets one cell more";
                }
            }
            ListedTextWrapped(why);
        }
    } catch (const Error& e) {
        show_error(e.what());
    }
    TextWrappedDisabled(
        "F.pad takes the last dimension first: (left, right) of the width, then (top, bottom) of "
        "the height%s.",
        dims == 3 ? ", then (front, back) of the depth" : "");

    // ---- 3. Keras / TensorFlow padding='same' to PyTorch -----------------------------------
    ImGui::Separator();
    ListedHeading("Keras / TensorFlow padding='same' → PyTorch");
    if (layer.IsTransposed()) {
        ListedTextWrapped(
            "Conv2DTranspose(padding='same') gives output I·S; set the transposed convolution's "
            "padding to "
            "'same' with the TensorFlow rule in the controls to see its padding and "
            "output_padding.");
    } else {
        const Layer tf = TensorFlowSame(layer);
        try {
            const std::vector<PadPair> pads = ResolvePadding(input, tf);
            const std::vector<int64_t> out = ComputeShape(input, tf).output;
            for (int d = 0; d < dims; ++d) {
                const int64_t s = layer.stride[d],
                              keff = EffectiveKernel(layer.kernel[d], layer.dilation[d]);
                const int64_t o = out[d], total = pads[d].before + pads[d].after;
                const std::string line =
                    (dims == 1 ? std::string() : std::string(AxisName(d, dims)) + ": ") + "O = ⌈" +
                    Num(input[d]) + "/" + Num(s) + "⌉ = " + Num(o) +
                    "; total = max((O−1)·S + k_eff − I, 0) = max(" + Num(o - 1) + "·" + Num(s) +
                    " + " + Num(keff) + " − " + Num(input[d]) + ", 0) = " + Num(total) +
                    "; before = total // 2 = " + Num(pads[d].before) +
                    ", after = " + Num(pads[d].after);
                ListedTextWrapped(line);
            }
            CodeLine(KerasSameInPyTorch(pads));
            if (!Symmetric(pads)) {
                ListedTextWrapped(
                    "Why: TensorFlow puts the odd cell after (bottom / right); PyTorch's padding= "
                    "is the same on "
                    "both sides, so the extra cell needs an explicit F.pad (or nn.ZeroPad2d) "
                    "before the layer.");
            }
            bool stride_one = std::all_of(layer.stride.begin(), layer.stride.end(),
                                          [](int64_t s) { return s == 1; });
            if (stride_one && layer.type == LayerType::Conv) {
                ListedTextWrapped(
                    "At stride 1, PyTorch ≥ 1.10 also takes padding='same' and pads the same way "
                    "(extra cell after).");
            } else if (layer.type == LayerType::Conv) {
                ListedTextWrapped(
                    "PyTorch refuses padding='same' with stride > 1 (\"padding='same' is not "
                    "supported for strided "
                    "convolutions\"), hence the explicit padding.");
            }
        } catch (const Error& e) {
            show_error(e.what());
        }
    }

    // ---- 4. The current PyTorch padding to Keras -------------------------------------------
    ImGui::Separator();
    ListedHeading("This layer's padding → Keras");
    if (model.Ok()) {
        const std::vector<PadPair>& pads = model.GetShape().pads;
        bool tf_same = false;
        CodeLine(PaddingInKeras(state, model, layer, &tf_same));
        // Only types with a padding mode have one; the state drops it for the others.
        if (state.layer.padding_mode != PaddingMode::Zeros && !AllZero(pads)) {
            ListedTextWrapped(std::string("Keras pads with zeros only: ") +
                              PaddingModeName(state.layer.padding_mode) +
                              " padding needs tf.pad before the layer (mode 'REFLECT' matches "
                              "PyTorch's reflect; replicate and circular have no tf.pad mode).");
        }
        if (tf_same && !AllZero(pads)) {
            std::string size;
            for (int d = 0; d < dims; ++d) size += (d ? "×" : "") + Num(input[d]);
            TextWrappedDisabled(
                "'same' depends on the input size when the stride is above 1: these pads hold for "
                "input %s.",
                size.c_str());
        }
    }
    return changed;
}

}  // namespace convscope::app
