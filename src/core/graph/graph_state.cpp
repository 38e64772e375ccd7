// Values, fractions, intervals and the merge of fields for the graph analysis (see
// graph_state.h).
#include "core/graph/graph_state.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/layer/arithmetic.h"

namespace convscope::graph_detail {

CellRange AxisField::At(int64_t unit) {
    if (unit >= 0 && unit < size) return units[static_cast<size_t>(unit)];
    // Distance from the edge: 0 for unit -1 and for unit `size`.
    const int64_t distance = unit < 0 ? -unit - 1 : unit - size;
    constexpr int64_t kNear = 4096;
    if (distance >= kNear) {
        const auto found = far_.find(unit);
        if (found != far_.end()) return found->second;
        const CellRange range = rule(unit);
        far_.emplace(unit, range);
        return range;
    }
    std::vector<CellRange>& ranges = unit < 0 ? before_ : after_;
    std::vector<bool>& known = unit < 0 ? before_known_ : after_known_;
    const size_t at = static_cast<size_t>(distance);
    if (at < known.size() && known[at]) return ranges[at];
    const CellRange range = rule(unit);
    if (at >= known.size()) {
        known.resize(at + 1, false);
        ranges.resize(at + 1);
    }
    known[at] = true;
    ranges[at] = range;
    return range;
}

// ---- NodeRun ----

const ValueState& NodeRun::In(size_t i) const {
    if (!Has(i)) {
        throw Error("input " + std::to_string(i + 1) + " of " + node.op + " is missing");
    }
    if (!in[i]->known) throw UnknownInput{in_names[i]};
    return *in[i];
}

std::vector<int64_t> NodeRun::Ints(size_t i, const char* what) const {
    const ValueState& value = In(i);
    if (!value.has_ints) {
        throw Error(std::string("the ") + what + " ('" + in_names[i] +
                    "') is not a constant integer tensor in the file");
    }
    return value.ints;
}

std::vector<double> NodeRun::Floats(size_t i, const char* what) const {
    const ValueState& value = In(i);
    if (value.has_floats) return value.floats;
    if (value.has_ints) return std::vector<double>(value.ints.begin(), value.ints.end());
    throw Error(std::string("the ") + what + " ('" + in_names[i] +
                "') is not a constant tensor in the file");
}

bool NodeRun::HasAttr(const char* name) const { return node.attributes.count(name) != 0; }

int64_t NodeRun::Int(const char* name, int64_t fallback) const {
    const auto found = node.attributes.find(name);
    if (found == node.attributes.end() || found->second.ints.empty()) return fallback;
    return found->second.ints.front();
}

std::vector<int64_t> NodeRun::IntList(const char* name) const {
    const auto found = node.attributes.find(name);
    return found == node.attributes.end() ? std::vector<int64_t>{} : found->second.ints;
}

double NodeRun::Float(const char* name, double fallback) const {
    const auto found = node.attributes.find(name);
    if (found == node.attributes.end()) return fallback;
    if (!found->second.floats.empty()) return found->second.floats.front();
    if (!found->second.ints.empty()) return static_cast<double>(found->second.ints.front());
    return fallback;
}

std::vector<double> NodeRun::FloatList(const char* name) const {
    const auto found = node.attributes.find(name);
    return found == node.attributes.end() ? std::vector<double>{} : found->second.floats;
}

std::string NodeRun::Text(const char* name, const std::string& fallback) const {
    const auto found = node.attributes.find(name);
    return found == node.attributes.end() ? fallback : found->second.text;
}

// ---- Fractions ----

Fraction MakeFraction(int64_t numerator, int64_t denominator) {
    if (denominator == 0) throw Error("a jump with denominator 0");
    if (denominator < 0) {
        numerator = CheckedMul(numerator, -1, "the jump");
        denominator = CheckedMul(denominator, -1, "the jump");
    }
    const int64_t g = std::gcd(numerator, denominator);
    return g == 0 ? Fraction{0, 1} : Fraction{numerator / g, denominator / g};
}

Fraction Times(Fraction a, Fraction b) {
    // Cross-reduce first so the products stay small.
    const int64_t g1 = std::max<int64_t>(std::gcd(a.numerator, b.denominator), 1);
    const int64_t g2 = std::max<int64_t>(std::gcd(b.numerator, a.denominator), 1);
    return MakeFraction(CheckedMul(a.numerator / g1, b.numerator / g2, "the jump"),
                        CheckedMul(a.denominator / g2, b.denominator / g1, "the jump"));
}

bool SameFraction(Fraction a, Fraction b) {
    return a.numerator == b.numerator && a.denominator == b.denominator;
}

Fraction ApproximateFraction(double value) {
    if (!(value > 0) || !std::isfinite(value) || value > 1e9) {
        throw Error("scale " + std::to_string(value) + " is not a positive finite number");
    }
    // Continued fractions: the first convergent within a float's precision, so 0.3333333
    // (1/3 stored as a float) becomes 1/3.
    constexpr int64_t kMaxDenominator = int64_t{1} << 20;
    int64_t p0 = 0, q0 = 1, p1 = 1, q1 = 0;
    double x = value;
    for (int step = 0; step < 40; ++step) {
        const double whole = std::floor(x);
        const int64_t a = static_cast<int64_t>(whole);
        const int64_t p2 = a * p1 + p0, q2 = a * q1 + q0;
        if (q2 > kMaxDenominator) break;
        p0 = p1;
        q0 = q1;
        p1 = p2;
        q1 = q2;
        const double approx = static_cast<double>(p1) / static_cast<double>(q1);
        if (std::fabs(approx - value) <= 1e-6 * value) break;
        const double rest = x - whole;
        if (rest < 1e-12) break;
        x = 1.0 / rest;
    }
    if (q1 == 0 || p1 == 0) throw Error("scale " + std::to_string(value) + " is too small");
    return MakeFraction(p1, q1);
}

// ---- Intervals and fields ----

CellRange Hull(CellRange a, CellRange b) {
    if (a.Empty()) return b;
    if (b.Empty()) return a;
    return CellRange{std::min(a.lo, b.lo), std::max(a.hi, b.hi)};
}

AxisPtr MakeAxis(AnalysisContext& context, int64_t size, Fraction jump, bool aligned,
                 std::function<CellRange(int64_t)> rule) {
    if (size > kMaxUnitsPerDim) {
        throw LimitError("a value has " + std::to_string(size) +
                         " units along one dimension, more than the analysis follows (" +
                         std::to_string(kMaxUnitsPerDim) + "): give a smaller input shape");
    }
    context.units_in_all += size;
    if (context.units_in_all > kMaxUnitsInAll) {
        throw LimitError("the graph's values hold more than " + std::to_string(kMaxUnitsInAll) +
                         " units in all: give a smaller input shape");
    }
    auto axis = std::make_shared<AxisField>();
    axis->node = context.node;
    axis->size = size;
    axis->jump = jump;
    axis->aligned = aligned;
    axis->rule = std::move(rule);
    axis->units.resize(static_cast<size_t>(std::max<int64_t>(size, 0)));
    for (int64_t u = 0; u < size; ++u) axis->units[static_cast<size_t>(u)] = axis->rule(u);
    return axis;
}

AxisPtr MakeTappedAxis(AnalysisContext& context, int64_t size, Fraction jump, bool aligned,
                       std::vector<AxisPtr> sources, TapRule taps, CellRange base) {
    auto rule = [sources, taps, base](int64_t u) {
        TapList list;
        taps(u, list);
        CellRange range = base;
        for (const Tap& tap : list) range = Hull(range, sources[tap.source]->At(tap.unit));
        return range;
    };
    AxisPtr axis = MakeAxis(context, size, jump, aligned, rule);
    axis->sources = std::move(sources);
    axis->taps = std::move(taps);
    return axis;
}

AxisPtr SameAxis(const AxisPtr& input) { return input; }

bool StandardLayout(const ValueState& value, int dims) {
    if (!value.HasFields() || value.Rank() != 2 + dims) return false;
    for (int d = 0; d < dims; ++d)
        if (value.axes[static_cast<size_t>(d)] != 2 + d) return false;
    return true;
}

void LoseLayout(const ValueState& from, ValueState& out, NodeRun& run, const std::string& why) {
    out.depends = true;
    out.whole = true;
    out.axes.clear();
    out.fields.clear();
    if (from.HasFields() && !from.whole) {
        run.flags.push_back(std::string("spatial layout lost at ") + why +
                            ": fields are not followed past here, the output is taken to "
                            "depend on the whole input");
    }
}

int NormaliseAxis(int64_t axis, int rank, const char* what) {
    const int64_t a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
        throw Error(std::string(what) + " " + std::to_string(axis) +
                    " is outside a tensor of rank " + std::to_string(rank));
    }
    return static_cast<int>(a);
}

// ---- Shapes ----

std::string ShapeText(const std::vector<int64_t>& shape) {
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i) text += ", ";
        text += std::to_string(shape[i]);
    }
    return text + "]";
}

int64_t ElementCount(const std::vector<int64_t>& shape) {
    int64_t count = 1;
    for (const int64_t s : shape) count = CheckedMul(count, s, "the element count");
    return count;
}

std::vector<int64_t> BroadcastShapes(const std::vector<std::vector<int64_t>>& shapes) {
    size_t rank = 0;
    for (const auto& s : shapes) rank = std::max(rank, s.size());
    std::vector<int64_t> out(rank, 1);
    for (const auto& s : shapes) {
        const size_t shift = rank - s.size();
        for (size_t i = 0; i < s.size(); ++i) {
            int64_t& o = out[shift + i];
            if (s[i] == o || s[i] == 1) continue;
            if (o == 1) {
                o = s[i];
                continue;
            }
            std::string list;
            for (const auto& t : shapes) list += (list.empty() ? "" : " and ") + ShapeText(t);
            throw Error("shapes " + list + " do not broadcast");
        }
    }
    return out;
}

namespace {

// Twice the centre of a range, so half-cells stay integers.
int64_t DoubleCentre(CellRange range) { return range.lo + range.hi; }

std::string CentreText(int64_t double_centre) {
    if (double_centre % 2 == 0) return std::to_string(double_centre / 2);
    const int64_t magnitude = double_centre < 0 ? -double_centre : double_centre;
    return (double_centre < 0 ? "-" : "") + std::to_string(magnitude / 2) + ".5";
}

}  // namespace

const char* SpatialName(int d, int dims) {
    static const char* const kNames[3][3] = {
        {"length", "", ""}, {"height", "width", ""}, {"depth", "height", "width"}};
    return kNames[dims - 1][d];
}

void MergeFields(const std::vector<const ValueState*>& inputs, ValueState& out, NodeRun& run,
                 int skip_dim) {
    std::vector<const ValueState*> carriers;
    bool any_whole_without_fields = false;
    for (const ValueState* v : inputs) {
        if (v == nullptr || !v->depends) continue;
        out.depends = true;
        if (v->whole) out.whole = true;
        if (v->HasFields()) {
            carriers.push_back(v);
        } else {
            any_whole_without_fields = true;
        }
    }
    if (!out.depends) return;
    const int dims = run.context.dims;
    const int rank = out.Rank();
    std::vector<int> axes;
    for (const ValueState* c : carriers) {
        std::vector<int> mapped;
        for (const int a : c->axes) mapped.push_back(a + rank - c->Rank());
        if (axes.empty()) {
            axes = mapped;
        } else if (mapped != axes) {
            LoseLayout(*c, out, run, "a merge of values whose spatial axes differ");
            return;
        }
    }
    if (carriers.empty()) {
        out.whole = true;
        return;
    }
    out.axes = axes;
    out.fields.assign(static_cast<size_t>(dims), nullptr);
    std::vector<std::string> messages(static_cast<size_t>(dims));
    for (int d = 0; d < dims; ++d) {
        if (d == skip_dim) continue;
        const int64_t size = out.shape[static_cast<size_t>(axes[static_cast<size_t>(d)])];
        std::vector<std::pair<AxisPtr, bool>> parts;  // field, broadcast
        const ValueState* reference = nullptr;
        bool aligned = true;
        for (const ValueState* c : carriers) {
            const AxisPtr& field = c->fields[static_cast<size_t>(d)];
            const bool broadcast = field->size == 1 && size != 1;
            parts.emplace_back(field, broadcast);
            aligned = aligned && field->aligned;
            // A broadcast value has a single unit and no grid of its own to agree with.
            if (broadcast) continue;
            if (reference == nullptr) {
                reference = c;
                continue;
            }
            const AxisPtr& first = reference->fields[static_cast<size_t>(d)];
            std::string disagreement;
            if (!SameFraction(first->jump, field->jump)) {
                disagreement =
                    "jump (" + FractionText(first->jump) + " vs " + FractionText(field->jump) + ")";
            } else if (first->size > 0 && field->size > 0 && !first->At(0).Empty() &&
                       !field->At(0).Empty() &&
                       DoubleCentre(first->At(0)) != DoubleCentre(field->At(0))) {
                disagreement = "centre (" + CentreText(DoubleCentre(first->At(0))) + " vs " +
                               CentreText(DoubleCentre(field->At(0))) + ")";
            }
            if (!disagreement.empty()) {
                aligned = false;
                if (messages[static_cast<size_t>(d)].empty()) {
                    messages[static_cast<size_t>(d)] =
                        "misaligned: inputs from '" + reference->producer + "' and '" +
                        c->producer + "' disagree on " + disagreement;
                }
            }
        }
        Fraction jump = parts.front().first->jump;
        for (const auto& part : parts) {
            if (!part.second) {
                jump = part.first->jump;
                break;
            }
        }
        const CellRange whole =
            any_whole_without_fields
                ? CellRange{0, run.context.input_sizes[static_cast<size_t>(d)] - 1}
                : CellRange{1, 0};
        std::vector<AxisPtr> sources;
        std::vector<bool> broadcast;
        for (const auto& part : parts) {
            sources.push_back(part.first);
            broadcast.push_back(part.second);
        }
        out.fields[static_cast<size_t>(d)] = MakeTappedAxis(
            run.context, size, jump, aligned, std::move(sources),
            [broadcast](int64_t u, TapList& taps) {
                for (size_t k = 0; k < broadcast.size(); ++k)
                    taps.push_back(Tap{k, broadcast[k] ? 0 : u, 1.0});
            },
            whole);
    }
    // One flag per disagreement; when every dimension says the same, once without naming it.
    bool all_same = dims > 1;
    for (int d = 1; d < dims; ++d)
        all_same = all_same && messages[static_cast<size_t>(d)] == messages[0];
    for (int d = 0; d < dims; ++d) {
        const std::string& message = messages[static_cast<size_t>(d)];
        if (message.empty()) continue;
        if (all_same || dims == 1) {
            run.flags.push_back(message);
            if (all_same) break;
        } else {
            run.flags.push_back(message + " in " + SpatialName(d, dims));
        }
    }
}

}  // namespace convscope::graph_detail
