// A graph analysis as a table: the cells people read (the CLI's `convscope graph`, the
// explorer's node table) and its CSV and Markdown exports.
//
// Per node: its name, op and full output shape, and per spatial dimension of the input the
// central unit's receptive field (with the smallest and largest over all units when they
// differ), the jump between neighbouring units (exact, "1/2" after an x2 upsampling), the
// first unit's input range (lo < 0: padding) and the node's flags.
#pragma once

#include <string>
#include <vector>

#include "core/graph/graph_analysis.h"

namespace convscope {

// The header of GraphTableRow.
std::vector<std::string> GraphTableHeader();
// node, op, output ("1x64x56x56", "?" unknown, "scalar"), receptive field ("7x7",
// "5x5 (3-5)" when units differ, "whole input"), jump ("2", or "2, 4" when the dimensions
// differ), first unit range ("[-1, 1]", per dimension when they differ), flags ("; ").
std::vector<std::string> GraphTableRow(const NodeAnalysis& node);

// Whether `filter` (case-insensitive) occurs in the node's name, op, output or flags; an
// empty filter matches every node.
bool GraphNodeMatches(const NodeAnalysis& node, const std::string& filter);

// CSV (RFC 4180, '\n' line ends), header:
//   node,name,op,shape,dim,rf,rf_min,rf_max,jump,range_lo,range_hi,central_lo,central_hi,
//   aligned,whole_input,flags
// one line per node and spatial dimension (dim counts from 1), or one line with the
// per-dimension fields empty for a node without them; shape joined by "x", jumps as
// fractions ("1/2"), flags joined by "; ". `node` is the node's place in the graph, from 1:
// `places[i]` (from 0) for nodes[i] when a filtered list is exported, else i.
std::string GraphTableCsv(const std::vector<NodeAnalysis>& nodes,
                          const std::vector<size_t>& places = {});

// A GitHub-flavoured Markdown table of GraphTableHeader's columns, one line per node.
std::string GraphTableMarkdown(const std::vector<NodeAnalysis>& nodes);

}  // namespace convscope
