// The page's side of the model reader (model_reader_web.cpp), loaded with it when a model is
// first opened, so that a first visit carries none of it (web/index.html calls these).
// Module here is the reader's module; `page` is the ConvScope program's.

// The bytes of a File, Blob, ArrayBuffer or typed array, or of a promise of one (the page
// starts reading a file while this reader loads).
function modelBytes(source) {
  if (source && typeof source.then === 'function') return source.then(modelBytes);
  if (source instanceof Blob) return source.arrayBuffer().then(function (b) { return new Uint8Array(b); });
  if (source instanceof ArrayBuffer) return Promise.resolve(new Uint8Array(source));
  if (ArrayBuffer.isView(source)) return Promise.resolve(new Uint8Array(source.buffer, source.byteOffset, source.byteLength));
  return Promise.reject(new TypeError('a model is given as a File, Blob, ArrayBuffer or Uint8Array'));
}

// Reads a model; the reader keeps its graph (not its weights): the bytes are copied in as it
// asks for them (Module.modelBytes, read by ReadPageBytes) and dropped once it has read them.
// A promise of its handle.
function readModel(source) {
  return modelBytes(source).then(function (bytes) {
    var answer;
    performance.mark('convscope-model-bytes');  // bench/model_open.mjs reads the marks
    Module.modelBytes = bytes;
    Module.modelAt = 0;
    try { answer = JSON.parse(Module.ccall('convscope_model_read', 'string', [], [])); } finally { Module.modelBytes = null; }
    performance.mark('convscope-model-read');
    if (answer.error) throw new Error(answer.error);
    return answer.handle;
  });
}

function analyse(handle, request) {
  return Module.ccall('convscope_model_analyse', 'string', ['number', 'string'], [handle, request]);
}

function close(handle) { Module.ccall('convscope_model_close', null, ['number'], [handle]); }

var shownHandle = 0;

// Shows a model in the page's explorer (its Your model panel); a file that cannot be read
// shows why there.
// `source` is what modelBytes reads; the page gives the file's name, since it passes a
// promise of the bytes.
Module.showModel = function (page, source, name) {
  name = name || 'model.onnx';
  return readModel(source).then(function (handle) {
    if (shownHandle) close(shownHandle);
    shownHandle = handle;
    page.analyseOpenModel = function (request) { return analyse(handle, request); };
  }, function (err) {
    var answer = JSON.stringify({ error: String(err && err.message || err) });
    page.analyseOpenModel = function () { return answer; };
  }).then(function () {
    page.ccall('convscope_model_opened', null, ['string'], [name]);
    var start = performance.getEntriesByName('convscope-model-start').pop();
    if (start) document.body.dataset.modelOpenMs = (performance.now() - start.startTime).toFixed(1);
    // What the reader holds once it has read the file (bench/model_open.mjs).
    document.body.dataset.modelReaderBytes = Module.HEAPU8.length;
  });
};

// ConvScope.analyseModel: the graph op's answer for a model, without showing it.
Module.analyseModel = function (source, options) {
  return readModel(source).then(function (handle) {
    try { return JSON.parse(analyse(handle, JSON.stringify(options || {}))); } finally { close(handle); }
  }, function (err) { return { error: String(err && err.message || err) }; });
};
