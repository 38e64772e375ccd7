// A page's handle on a ConvScope iframe, on any origin: the JavaScript API of docs/api.md
// (eval, getState, setState) by postMessage, each call a Promise.
//
//   const frame = new ConvScopeFrame(document.querySelector('iframe'));
//   await frame.ready;
//   await frame.setState('S=2&P=1');          // -> notes on what was ignored
//   await frame.eval({op: 'shape', input: [224], layer: {kernel: 3, stride: 2, padding: 1}});
(function (global) {
  'use strict';
  var nextId = 1;

  function ConvScopeFrame(iframe) {
    var self = this;
    this.iframe = iframe;
    this.pending = {};
    this.ready = new Promise(function (resolve) { self.resolveReady = resolve; });
    window.addEventListener('message', function (e) {
      if (e.source !== iframe.contentWindow || !e.data || typeof e.data.convscope !== 'number') return;
      if (e.data.ready) { self.resolveReady(); return; }
      var call = self.pending[e.data.convscope];
      if (!call) return;
      delete self.pending[e.data.convscope];
      if ('error' in e.data) call.reject(new Error(e.data.error)); else call.resolve(e.data.result);
    });
    // An iframe that finished loading before this handle existed does not announce itself
    // again: ask it (one still loading announces itself when it is ready).
    if (iframe.contentWindow) iframe.contentWindow.postMessage({ convscope: 0, method: 'hello' }, '*');
  }

  ConvScopeFrame.prototype.call = function (method, argument) {
    var self = this;
    return this.ready.then(function () {
      return new Promise(function (resolve, reject) {
        var id = nextId++;
        self.pending[id] = { resolve: resolve, reject: reject };
        self.iframe.contentWindow.postMessage({ convscope: id, method: method, argument: argument }, '*');
      });
    });
  };
  ConvScopeFrame.prototype.eval = function (request) { return this.call('eval', request); };
  ConvScopeFrame.prototype.getState = function () { return this.call('getState'); };
  ConvScopeFrame.prototype.setState = function (state) { return this.call('setState', state); };

  global.ConvScopeFrame = ConvScopeFrame;
})(window);
