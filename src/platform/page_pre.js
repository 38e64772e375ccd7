// Runs first in convscope.js (emcc --pre-js). The name of the page program's deferred part:
// cmake/SplitPage.cmake puts the hash of the first part into it, so that a cached page never
// pairs one build's first part with another build's deferred part (web/index.html reads it).
Module['deferredWasm'] = 'convscope.deferred.wasm';
