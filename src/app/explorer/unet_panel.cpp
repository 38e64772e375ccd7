// The U-Net planner panel (see unet_panel.h). Every size comes from the core's PlanUNet;
// the operators are read with the stack's token syntax (rf_state.h).
#include "app/explorer/unet_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iterator>

#include "app/explorer/rf_state.h"
#include "app/widgets/control_list.h"
#include "app/widgets/display.h"
#include "app/widgets/size_text.h"
#include "app/widgets/theme.h"
#include "app/widgets/ui_probe.h"
#include "core/layer/error.h"
#include "core/layer/link_text.h"

namespace convscope::app {

namespace {

std::string Num(int64_t v) { return std::to_string(v); }

struct Choice {
    const char* token;
    const char* label;
};

// The operators of the original U-Net (valid convolutions) and of its same-padded variant.
const char* const kValid[] = {"c3;c3", "m2", "t2s2", "c3;c3"};
const char* const kSame[] = {"c3p1;c3p1", "m2", "t2s2", "c3p1;c3p1"};

const Choice kBlockChoices[] = {{"c3;c3", "two 3×3 convolutions, valid"},
                                {"c3p1;c3p1", "two 3×3 convolutions, padding 1 (same)"},
                                {"c3p1", "one 3×3 convolution, padding 1"},
                                {"c3;c3;c3", "three 3×3 convolutions, valid"},
                                {"c5p2;c5p2", "two 5×5 convolutions, padding 2"}};
const Choice kDownChoices[] = {{"m2", "max pool 2×2, stride 2"},
                               {"m3s2p1", "max pool 3×3, stride 2, pad 1"},
                               {"c3s2p1", "conv 3×3, stride 2, pad 1"},
                               {"a2", "average pool 2×2, stride 2"}};
const Choice kUpChoices[] = {{"t2s2", "transposed 2×2, stride 2"},
                             {"t3s2p1o1", "transposed 3×3, stride 2, pad 1, output_padding 1"},
                             {"t4s2p1", "transposed 4×4, stride 2, pad 1"},
                             {"n2", "nearest upsampling ×2"},
                             {"b2", "bilinear upsampling ×2"}};

const char* const kPartNames[] = {"down block", "down-sampler", "up-sampler", "up block"};
const char* const kPartKeys[] = {"unet_down_block", "unet_down", "unet_up", "unet_up_block"};

std::string Blocks(const std::vector<Layer>& layers) {
    std::string text;
    for (const Layer& l : layers) text += (text.empty() ? "" : " → ") + DescribeLayer(l);
    return text.empty() ? "nothing" : text;
}

// A level's crop column: the skip is cropped when it is larger; an up-sampled map larger than
// the skip is cropped instead (the core's crop of the skip is then zero).
std::string CropText(const UNetLevel& level) {
    std::string crop;
    bool crop_up = false;
    for (size_t d = 0; d < level.crop.size(); ++d) {
        const int64_t m = level.mismatch[d];
        const PadPair p = m >= 0 ? level.crop[d] : PadPair{-m / 2, -m - -m / 2};
        crop_up |= m < 0;
        crop += (crop.empty() ? "" : " × ") + ("(" + Num(p.before) + ", " + Num(p.after) + ")");
    }
    if (crop_up) crop += " of the up-sampled map";
    return crop;
}

// "max pool 2×2" or, per level, "level 1: max pool 2×2, level 2+: conv 3×3, stride 2, pad 1".
std::string Samplers(const std::vector<Layer>& layers) {
    if (layers.size() == 1) return DescribeLayer(layers.front());
    std::string text;
    for (size_t l = 0; l < layers.size(); ++l) {
        text += (l ? ", level " : "level ") + Num(static_cast<int64_t>(l + 1)) +
                (l + 1 == layers.size() ? "+" : "") + ": " + DescribeLayer(layers[l]);
    }
    return text;
}

// "1" when every dimension agrees, else "1 × 2".
std::string PerDimension(const std::vector<int64_t>& values) {
    if (std::adjacent_find(values.begin(), values.end(), std::not_equal_to<>()) == values.end())
        return values.empty() ? "" : Num(values.front());
    std::string text;
    for (const int64_t v : values) text += (text.empty() ? "" : " × ") + Num(v);
    return text;
}

// A level's verdict as one sentence: its first fix, in PyTorch's terms where the module alone
// cannot take it (the line before or after the up-sampler), or the note.
std::string FixLine(const UNetLevel& level) {
    std::string line = "Level " + std::to_string(level.level) + ": ";
    if (level.fixes.empty()) return line + level.fix_note;
    if (!level.fix_note.empty()) line += level.fix_note + "; ";
    const UNetFix& fix = level.fixes.front();
    if (fix.pads_output) return line + "after the up-sampler, " + fix.pytorch;
    std::string up_sampler = "the up-sampler with padding " + PerDimension(fix.module_padding);
    if (std::any_of(fix.output_padding.begin(), fix.output_padding.end(),
                    [](int64_t v) { return v != 0; }))
        up_sampler += ", output_padding " + PerDimension(fix.output_padding);
    if (fix.pytorch.empty()) return line + up_sampler + " makes the skip line up without a crop";
    const std::string steps = fix.pytorch_after_up_sampler ? up_sampler + ", then " + fix.pytorch
                                                           : fix.pytorch + ", then " + up_sampler;
    return line + steps +
           ", makes the skip line up without a crop (PyTorch pads both ends of a dimension "
           "alike)";
}

}  // namespace

UNetPanel::UNetPanel() {
    for (int p = 0; p < kParts; ++p) SetPart(p, kValid[p]);
}

bool UNetPanel::Parse(int part, const std::string& text, std::string& error) {
    std::vector<Layer> layers;
    for (std::string token : SplitText(text, ';')) {
        token.erase(std::remove_if(token.begin(), token.end(),
                                   [](unsigned char c) { return std::isspace(c); }),
                    token.end());
        if (token.empty()) continue;
        Layer layer;
        if (!ParseLayerToken(token, 2, layer, error)) return false;
        layers.push_back(layer);
    }
    // A sampler is one token for every level, or one per level from the top ("m2;m2;c3s2p1":
    // the last serves the levels below it).
    const bool sampler = part == kDown || part == kUp;
    if (sampler && (layers.empty() || layers.size() > 8)) {
        error = std::string("the ") + kPartNames[part] + " is one layer token, like " +
                (part == kDown ? "m2 or c3s2p1" : "t2s2") +
                ", or one per level from the top (at most 8)";
        return false;
    }
    if (layers.size() > 64) {
        error = std::string("the ") + kPartNames[part] + " may hold at most 64 layers";
        return false;
    }
    layers_[part] = layers;
    return true;
}

void UNetPanel::SetPart(int part, const std::string& text) {
    std::snprintf(text_[part], sizeof text_[part], "%s", text.c_str());
    parse_error_[part].clear();
    Parse(part, text, parse_error_[part]);
    dirty_ = true;
}

bool UNetPanel::ReadKey(const std::string& key, const std::string& value, std::string& why) {
    dirty_ = true;
    const long long v = std::atoll(value.c_str());
    if (key == "unet_in") {
        if (v < 1 || v > 8192) return why = "an input size from 1 to 8192", false;
        input_ = v;
    } else if (key == "unet_depth") {
        if (v < 1 || v > 8) return why = "a depth from 1 to 8", false;
        depth_ = static_cast<int>(v);
    } else if (key == "unet_same") {
        // The same-padded U-Net differs from the original only in its blocks.
        const char* const* preset = value == "1" ? kSame : kValid;
        SetPart(kDownBlock, preset[kDownBlock]);
        SetPart(kUpBlock, preset[kUpBlock]);
    }
    for (int p = 0; p < kParts; ++p) {
        if (key != kPartKeys[p]) continue;
        std::string error;
        if (value.size() >= sizeof text_[p] || !Parse(p, value, error)) {
            return why = error.empty() ? "too long" : error, false;
        }
        SetPart(p, value);
    }
    return true;
}

const std::vector<LinkKey<UNetPanel>>& UNetPanel::LinkKeys() {
    // Each part as the text of the layers it holds; the same-padded blocks have a short name.
    static const std::vector<LinkKey<UNetPanel>> keys = {
        {"unet_in",
         [](const std::string& value, UNetPanel& u, std::string& why) {
             return u.ReadKey("unet_in", value, why);
         },
         [](const UNetPanel& u, LinkWriter& out) {
             if (u.input_ != 572) out.Add("unet_in", Num(u.input_));
         }},
        {"unet_depth",
         [](const std::string& value, UNetPanel& u, std::string& why) {
             return u.ReadKey("unet_depth", value, why);
         },
         [](const UNetPanel& u, LinkWriter& out) {
             if (u.depth_ != 4) out.Add("unet_depth", Num(u.depth_));
         }},
        {"unet_same",
         [](const std::string& value, UNetPanel& u, std::string& why) {
             return u.ReadKey("unet_same", value, why);
         },
         [](const UNetPanel& u, LinkWriter& out) {
             if (u.SameBlocks()) out.Add("unet_same", "1");
         }},
        {kPartKeys[kDownBlock],
         [](const std::string& value, UNetPanel& u, std::string& why) {
             return u.ReadKey(kPartKeys[kDownBlock], value, why);
         },
         [](const UNetPanel& u, LinkWriter& out) { u.WritePart(kDownBlock, u.SameBlocks(), out); }},
        {kPartKeys[kDown],
         [](const std::string& value, UNetPanel& u, std::string& why) {
             return u.ReadKey(kPartKeys[kDown], value, why);
         },
         [](const UNetPanel& u, LinkWriter& out) { u.WritePart(kDown, false, out); }},
        {kPartKeys[kUp],
         [](const std::string& value, UNetPanel& u, std::string& why) {
             return u.ReadKey(kPartKeys[kUp], value, why);
         },
         [](const UNetPanel& u, LinkWriter& out) { u.WritePart(kUp, false, out); }},
        {kPartKeys[kUpBlock],
         [](const std::string& value, UNetPanel& u, std::string& why) {
             return u.ReadKey(kPartKeys[kUpBlock], value, why);
         },
         [](const UNetPanel& u, LinkWriter& out) { u.WritePart(kUpBlock, u.SameBlocks(), out); }},
    };
    return keys;
}

bool UNetPanel::SameBlocks() const {
    return StackText(layers_[kDownBlock]) == kSame[kDownBlock] &&
           StackText(layers_[kUpBlock]) == kSame[kUpBlock];
}

void UNetPanel::WritePart(int part, bool same_blocks, LinkWriter& out) const {
    const bool block = part == kDownBlock || part == kUpBlock;
    if (block && same_blocks) return;
    const std::string text = StackText(layers_[part]);
    if (text != kValid[part]) out.Add(kPartKeys[part], text);
}

void UNetPanel::ReadLink(LinkReader& reader, std::vector<std::string>& notes) {
    reader.Read(LinkKeys(), *this);
    const std::vector<std::string> refused = reader.TakeNotes();
    notes.insert(notes.end(), refused.begin(), refused.end());
}

std::vector<std::string> UNetPanel::ShownFlags() const {
    // A square input flags both dimensions alike: one line each, the dimension left out.
    std::vector<std::string> shown;
    for (std::string flag : plan_.flags) {
        const size_t dim = flag.find(" (dimension ");
        const size_t close = dim == std::string::npos ? dim : flag.find(')', dim);
        if (close != std::string::npos && input_ > 0) flag.erase(dim, close - dim + 1);
        if (std::find(shown.begin(), shown.end(), flag) == shown.end()) shown.push_back(flag);
    }
    return shown;
}

nlohmann::json UNetPanel::TestValues() {
    nlohmann::json values = nlohmann::json::object();
    nlohmann::json operators = nlohmann::json::object();
    for (int p = 0; p < kParts; ++p) operators[kPartKeys[p]] = StackText(layers_[p]);
    values["unet_operators"] = operators;
    if (dirty_) Recompute();
    if (std::any_of(parse_error_, parse_error_ + kParts,
                    [](const std::string& e) { return !e.empty(); })) {
        values["unet_error"] = "unreadable operator";
        return values;
    }
    if (!error_.empty()) {
        values["unet_error"] = error_;
        return values;
    }
    nlohmann::json levels = nlohmann::json::array();
    for (const UNetLevel& level : plan_.levels) {
        levels.push_back({{"level", level.level},
                          {"skip", level.skip},
                          {"up", level.up},
                          {"crop", CropText(level)},
                          {"mismatch", level.mismatch}});
    }
    values["unet_levels"] = levels;
    values["unet_output"] = plan_.output;
    values["unet_exact"] = plan_.skips_exact;
    if (!plan_.clean_below.empty()) {
        values["unet_nearest"] = {plan_.clean_below.back(), plan_.clean_above.back(),
                                  plan_.exact_below.back(), plan_.exact_above.back()};
    }
    values["unet_flags"] = ShownFlags();
    nlohmann::json fixes = nlohmann::json::array();
    for (const UNetLevel& level : plan_.levels) {
        if (!level.fixes.empty() || !level.fix_note.empty()) fixes.push_back(FixLine(level));
    }
    values["unet_fixes"] = fixes;
    return values;
}

std::string UNetPanel::Query() const {
    const std::string written = WriteLink(LinkKeys(), *this);
    return written.empty() ? "" : "&" + written;
}

void UNetPanel::Recompute() {
    dirty_ = false;
    error_.clear();
    if (std::any_of(parse_error_, parse_error_ + kParts,
                    [](const std::string& e) { return !e.empty(); }))
        return;
    try {
        UNetSpec spec = OriginalUNetSpec({input_, input_});
        spec.depth = depth_;
        spec.down_block = layers_[kDownBlock];
        spec.down_sample = layers_[kDown].back();
        spec.up_sample = layers_[kUp].back();
        if (layers_[kDown].size() > 1) spec.level_down_samples = layers_[kDown];
        if (layers_[kUp].size() > 1) spec.level_up_samples = layers_[kUp];
        spec.up_block = layers_[kUpBlock];
        plan_ = PlanUNet(spec);
    } catch (const Error& e) {
        error_ = e.what();
    }
}

void UNetPanel::Draw() {
    const Theme& theme = CurrentTheme();
    TextWrappedDisabled(
        "Each level: the down block, then the down-sampler; at the bottom the down block once "
        "more; back up, "
        "the up-sampler, the skip connection centre-cropped to the up-sampled size and "
        "concatenated, then "
        "the up block; a 1×1 head. A sampler may differ per level: give one token per level from "
        "the top "
        "(\"m2;m2;c3s2p1\"; the last serves the levels below).");
    int input = static_cast<int>(input_);
    ImGui::SetNextItemWidth(130.0f);
    if (ListedInputInt("input size", &input)) {
        input_ = std::clamp(input, 1, 8192);
        dirty_ = true;
    }
    ProbeLastItem("unet:input");
    SameLineIfFits(100.0f + ImGui::GetStyle().ItemInnerSpacing.x + TextWidth("depth"));
    ImGui::SetNextItemWidth(100.0f);
    if (ListedSliderInt("depth", &depth_, 1, 8)) dirty_ = true;
    SameLineIfFits(ButtonWidth("Original U-Net (valid)"), 20.0f);
    if (ImGui::Button("Original U-Net (valid)")) {
        for (int p = 0; p < kParts; ++p) SetPart(p, kValid[p]);
    }
    ProbeLastItem("unet:preset_valid");
    SameLineIfFits(ButtonWidth("Same-padded U-Net"));
    if (ImGui::Button("Same-padded U-Net")) {
        for (int p = 0; p < kParts; ++p) SetPart(p, kSame[p]);
    }
    ProbeLastItem("unet:preset_same");

    // The four operators: a token field each, with the usual choices one click away.
    const auto field = [&](int part, const Choice* choices, size_t count) {
        ImGui::PushID(part);
        ImGui::SetNextItemWidth(150.0f);
        TextFieldOptions options;
        options.name = kPartNames[part];
        if (ListedInputText("##text", text_[part], sizeof text_[part], nullptr, options)) {
            parse_error_[part].clear();
            Parse(part, text_[part], parse_error_[part]);
            dirty_ = true;
        }
        ProbeLastItem("unet:", kPartKeys[part]);
        ImGui::SameLine(0.0f, 2.0f);
        std::vector<std::string> labels;
        int selected = -1;
        for (size_t c = 0; c < count; ++c) {
            if (StackText(layers_[part]) == choices[c].token) selected = static_cast<int>(c);
            labels.push_back(std::string(choices[c].token) + "   " + choices[c].label);
        }
        const std::string name = std::string("##") + kPartNames[part] + " choices";
        const int picked = ListedCombo(name.c_str(), labels, selected, nullptr,
                                       ImGuiComboFlags_NoPreview | ImGuiComboFlags_PopupAlignLeft);
        if (picked >= 0) SetPart(part, choices[picked].token);
        ImGui::SameLine();
        ImGui::TextUnformatted(kPartNames[part]);
        ImGui::PopID();
    };
    // A field with its choices and name, for SameLineIfFits.
    const auto field_width = [](int part) {
        return 150.0f + 2.0f + ImGui::GetFrameHeight() + ImGui::GetStyle().ItemSpacing.x +
               TextWidth(kPartNames[part]);
    };
    field(kDownBlock, kBlockChoices, std::size(kBlockChoices));
    SameLineIfFits(field_width(kDown), 28.0f);
    field(kDown, kDownChoices, std::size(kDownChoices));
    field(kUp, kUpChoices, std::size(kUpChoices));
    SameLineIfFits(field_width(kUpBlock), 28.0f);
    field(kUpBlock, kBlockChoices, std::size(kBlockChoices));
    TextWrappedDisabled(
        "Tokens as in the stack: c conv, m max pool, a avg pool, t transposed, n nearest and b "
        "bilinear upsampling; then s stride, p padding, d dilation, o output_padding "
        "(\"c3p1;c3p1\", \"c3s2p1\", \"t3s2p1o1\", \"n2\"). Square input, 2-D layers.");

    if (dirty_) Recompute();
    bool unreadable = false;
    for (int p = 0; p < kParts; ++p) {
        if (parse_error_[p].empty()) continue;
        unreadable = true;
        ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
        ListedTextWrappedF("%s: %s", kPartNames[p], parse_error_[p].c_str());
        ImGui::PopStyleColor();
    }
    if (unreadable) return;
    TextWrappedDisabled("Down block: %s; down-sampler: %s. Up-sampler: %s; up block: %s.",
                        Blocks(layers_[kDownBlock]).c_str(), Samplers(layers_[kDown]).c_str(),
                        Samplers(layers_[kUp]).c_str(), Blocks(layers_[kUpBlock]).c_str());
    if (!error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
        ListedTextWrapped(error_);
        ImGui::PopStyleColor();
        return;
    }
    ListedTextWrappedF("Input %s → output %s (bottom %s)%s", SizeText(plan_.input).c_str(),
                       SizeText(plan_.output).c_str(), SizeText(plan_.bottom).c_str(),
                       plan_.skips_exact ? "; every skip matches without a crop" : "");
    // The table scrolls sideways where the room is narrower than its columns (a phone).
    const float table_height =
        (static_cast<float>(plan_.levels.size()) + 1.0f) *
            (ImGui::GetTextLineHeight() + 2.0f * ImGui::GetStyle().CellPadding.y + 1.0f) +
        ImGui::GetStyle().ScrollbarSize + 4.0f;
    if (ImGui::BeginTable("unet", 8,
                          ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                              ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollX,
                          ImVec2(0.0f, table_height))) {
        // The cells as text too, for the screen-reader mirror.
        std::vector<std::vector<std::string>> listed = {{"level", "block in", "skip", "down",
                                                         "up arrives", "mismatch",
                                                         "crop (before, after)", "level out"}};
        for (const std::string& name : listed.front()) ImGui::TableSetupColumn(name.c_str());
        ImGui::TableHeadersRow();
        for (const UNetLevel& level : plan_.levels) {
            ImGui::TableNextRow();
            const bool mismatch = std::any_of(level.mismatch.begin(), level.mismatch.end(),
                                              [](int64_t m) { return m != 0; });
            const bool uneven = std::any_of(level.down_uneven.begin(), level.down_uneven.end(),
                                            [](bool b) { return b; });
            ImGui::TableNextColumn();
            ImGui::Text("%d", level.level);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(SizeText(level.block_input).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(SizeText(level.skip).c_str());
            ImGui::TableNextColumn();
            if (uneven) ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
            ImGui::TextUnformatted((SizeText(level.down) + (uneven ? " (uneven)" : "")).c_str());
            if (uneven) ImGui::PopStyleColor();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(SizeText(level.up).c_str());
            ImGui::TableNextColumn();
            std::string difference;
            for (const int64_t m : level.mismatch)
                difference += (difference.empty() ? "" : " × ") + Num(m);
            ImGui::TextUnformatted(difference.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(mismatch ? CropText(level).c_str() : "none");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(SizeText(level.up_output).c_str());
            listed.push_back(
                {std::to_string(level.level), SizeText(level.block_input), SizeText(level.skip),
                 SizeText(level.down) + (uneven ? " (uneven)" : ""), SizeText(level.up), difference,
                 mismatch ? CropText(level) : "none", SizeText(level.up_output)});
        }
        ImGui::EndTable();
        ListTable("U-Net levels", std::move(listed));
    }
    const auto nearest = [](int64_t below, int64_t above) {
        std::string text;
        if (below > 0) text += Num(below) + " below";
        if (above > 0) text += (text.empty() ? "" : ", ") + Num(above) + " above";
        return text.empty() ? std::string("none within range") : text;
    };
    if (!plan_.clean_below.empty()) {
        ListedTextWrappedF(
            "Nearest input sizes with every down-sampler even and every crop centred: %s",
            nearest(plan_.clean_below.back(), plan_.clean_above.back()).c_str());
        ListedTextWrappedF("Nearest input sizes whose skips match without any crop: %s",
                           nearest(plan_.exact_below.back(), plan_.exact_above.back()).c_str());
    }
    for (const std::string& flag : ShownFlags()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme.error_text);
        ListedTextWrapped(flag);
        ImGui::PopStyleColor();
    }
    // The verdicts come bottom-up, each with the fixes of the levels below in place.
    for (const UNetLevel& level : plan_.levels) {
        if (!level.fixes.empty() || !level.fix_note.empty()) ListedTextWrapped(FixLine(level));
    }
}

}  // namespace convscope::app
