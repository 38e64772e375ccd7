// The effective field's walk over the analysis' fields (graph_effective.h), for
// AnalyseGraph: from the central unit of `fields` (a node's value) back to the input.
#pragma once

#include <vector>

#include "core/graph/graph.h"
#include "core/graph/graph_effective.h"
#include "core/graph/graph_state.h"

namespace convscope::graph_detail {

// `input_sizes`: the analysed input's spatial sizes. Sets `unavailable` when a field on the
// way was made by an op that does not list its taps, or when the walk passes its limits.
GraphEffectiveField EffectiveFieldOf(const Graph& graph, const std::vector<AxisPtr>& fields,
                                     const std::vector<int64_t>& input_sizes);

}  // namespace convscope::graph_detail
