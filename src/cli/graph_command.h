// `convscope graph MODEL.onnx`: every node's output shape and receptive field, as a table
// for people or, with --json, as one JSON object (the JSON API's graph answer).
#pragma once

namespace convscope::cli {

// Runs the command on argv[2...]; returns the exit status (0 done, 1 refused, 2 usage).
int RunGraph(int argc, char** argv);

}  // namespace convscope::cli
