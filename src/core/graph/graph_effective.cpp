// The effective field on a graph (see graph_effective.h and graph_effective_detail.h): a
// gradient walked back from the node's central unit to the input, tap by tap.
#include <algorithm>
#include <cmath>
#include <map>

#include "core/graph/graph_effective_detail.h"

namespace convscope::graph_detail {

namespace {

// Cells of all the grids held at once, and taps followed in all, before the walk gives up.
constexpr int64_t kMaxGridCells = int64_t{1} << 24;
constexpr int64_t kMaxSteps = int64_t{1} << 31;

// A gradient over the units of some fields, one per spatial dimension.
struct Grid {
    std::vector<int64_t> sizes;
    std::vector<double> values;
};

int64_t Cells(const std::vector<int64_t>& sizes) {
    int64_t n = 1;
    for (const int64_t s : sizes) n *= s;
    return n;
}

// Moves `grid` back along dimension `d` through `field`'s taps on its source `source`:
// unit u's value goes to the source units it reads, times their weights. Taps on units
// beyond the source's edges (padding) carry nothing back.
Grid StepBack(const Grid& grid, size_t d, const std::vector<TapList>& taps, size_t source,
              int64_t source_size, int64_t& steps) {
    Grid out;
    out.sizes = grid.sizes;
    out.sizes[d] = source_size;
    out.values.assign(static_cast<size_t>(Cells(out.sizes)), 0.0);
    int64_t outer = 1, inner = 1;
    for (size_t i = 0; i < d; ++i) outer *= grid.sizes[i];
    for (size_t i = d + 1; i < grid.sizes.size(); ++i) inner *= grid.sizes[i];
    const int64_t size = grid.sizes[d];
    for (int64_t u = 0; u < size; ++u) {
        for (const Tap& tap : taps[static_cast<size_t>(u)]) {
            if (tap.source != source || tap.unit < 0 || tap.unit >= source_size) continue;
            steps += outer * inner;
            for (int64_t o = 0; o < outer; ++o) {
                const double* from = &grid.values[static_cast<size_t>((o * size + u) * inner)];
                double* to = &out.values[static_cast<size_t>((o * source_size + tap.unit) * inner)];
                for (int64_t i = 0; i < inner; ++i) to[i] += tap.weight * from[i];
            }
        }
    }
    return out;
}

std::string NodeLabel(const Graph& graph, int node) {
    if (node < 0 || node >= static_cast<int>(graph.nodes.size())) return "the input";
    const GraphNode& n = graph.nodes[static_cast<size_t>(node)];
    return "'" + n.name + "' (" + n.op + ")";
}

}  // namespace

GraphEffectiveField EffectiveFieldOf(const Graph& graph, const std::vector<AxisPtr>& fields,
                                     const std::vector<int64_t>& input_sizes) {
    GraphEffectiveField result;
    result.shape = input_sizes;
    // Pending gradients, keyed by the latest node that made one of their fields (the walk
    // goes back through the graph from the latest), then by the fields themselves.
    using Key = std::pair<int, std::vector<AxisField*>>;
    std::map<Key, std::pair<std::vector<AxisPtr>, Grid>> pending;
    const auto key_of = [](const std::vector<AxisPtr>& axes) {
        Key key{-1, {}};
        for (const AxisPtr& a : axes) {
            key.first = std::max(key.first, a->node);
            key.second.push_back(a.get());
        }
        return key;
    };
    int64_t held = 0, steps = 0;
    std::vector<double> total(static_cast<size_t>(Cells(input_sizes)), 0.0);
    const auto add = [&](std::vector<AxisPtr> axes, Grid grid) {
        // Long paths multiply many weights: keep the numbers in range (only the shape counts).
        double largest = 0.0;
        for (const double v : grid.values) largest = std::max(largest, std::fabs(v));
        if (largest > 1e200) {
            for (double& v : grid.values) v *= 1e-200;
            for (auto& [key, entry] : pending)
                for (double& v : entry.second.values) v *= 1e-200;
            for (double& v : total) v *= 1e-200;
        }
        auto [entry, fresh] = pending.try_emplace(key_of(axes));
        if (fresh) {
            held += static_cast<int64_t>(grid.values.size());
            entry->second = {std::move(axes), std::move(grid)};
            return;
        }
        std::vector<double>& into = entry->second.second.values;
        for (size_t i = 0; i < into.size(); ++i) into[i] += grid.values[i];
    };
    {
        Grid start;
        for (const AxisPtr& a : fields) start.sizes.push_back(a->size);
        start.values.assign(static_cast<size_t>(Cells(start.sizes)), 0.0);
        int64_t central = 0;
        for (const int64_t size : start.sizes) central = central * size + (size - 1) / 2;
        start.values[static_cast<size_t>(central)] = 1.0;
        held = static_cast<int64_t>(start.values.size());
        add(fields, std::move(start));
    }
    while (!pending.empty()) {
        auto last = std::prev(pending.end());
        std::vector<AxisPtr> axes = std::move(last->second.first);
        Grid grid = std::move(last->second.second);
        const int node = last->first.first;
        pending.erase(last);
        held -= static_cast<int64_t>(grid.values.size());
        if (node < 0) {  // every field is the input's: the gradient has arrived
            for (size_t i = 0; i < total.size(); ++i) total[i] += grid.values[i];
            continue;
        }
        // The fields the latest node made step back through its taps together: their k-th
        // sources are the k-th input's (a merge lists its inputs in the same order in every
        // dimension). The other fields stay where they are.
        size_t sources = 0;
        std::vector<size_t> stepping;
        for (size_t d = 0; d < axes.size(); ++d) {
            if (axes[d]->node != node) continue;
            if (!axes[d]->taps) {
                result.unavailable =
                    "the effective field cannot be followed back through " + NodeLabel(graph, node);
                return result;
            }
            if (!stepping.empty() && axes[d]->sources.size() != sources) {
                result.unavailable = NodeLabel(graph, node) +
                                     " joins its inputs differently along different dimensions";
                return result;
            }
            sources = axes[d]->sources.size();
            stepping.push_back(d);
        }
        std::vector<std::vector<TapList>> taps(axes.size());
        for (const size_t d : stepping) {
            taps[d].resize(static_cast<size_t>(axes[d]->size));
            for (int64_t u = 0; u < axes[d]->size; ++u)
                axes[d]->taps(u, taps[d][static_cast<size_t>(u)]);
        }
        for (size_t k = 0; k < sources; ++k) {
            Grid moved = grid;
            std::vector<AxisPtr> next = axes;
            for (const size_t d : stepping) {
                const AxisPtr& source = axes[d]->sources[k];
                moved = StepBack(moved, d, taps[d], k, source->size, steps);
                next[d] = source;
            }
            if (steps > kMaxSteps) {
                result.unavailable = "the effective field takes more than " +
                                     std::to_string(kMaxSteps) + " steps: give a smaller input";
                return result;
            }
            held += static_cast<int64_t>(moved.values.size());
            if (held > kMaxGridCells) {
                result.unavailable = "the effective field needs more than " +
                                     std::to_string(kMaxGridCells) +
                                     " cells of gradients at once: give a smaller input";
                return result;
            }
            add(std::move(next), std::move(moved));
        }
    }
    double largest = 0.0;
    for (const double v : total) largest = std::max(largest, v);
    if (!(largest > 0.0)) {
        result.unavailable = "no input cell reaches the central unit (it lies in padding)";
        return result;
    }
    for (double& v : total) v /= largest;
    result.values = std::move(total);
    return result;
}

}  // namespace convscope::graph_detail
