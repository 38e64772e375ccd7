// ConvScope's service worker: after the first visit the page, its script and its wasm come
// from the cache, so ConvScope opens without a network. Each request is answered from the
// cache when it can be and refreshed from the network behind it (stale-while-revalidate),
// so a new build reaches the reader on the visit after it is published.
// The deferred part of the program (convscope.deferred.HASH.wasm) is not fetched at install: a
// first visit that only looks does not download it. It is cached when the page fetches it,
// which it does as soon as the reader turns to the figure (web/index.html).
const CACHE = 'convscope-v3';
const FILES = ['./', 'index.html', 'convscope.js', 'convscope.wasm', 'embed-examples.html', 'exercises.html',
               'exercises/chapter.json', 'api-example.html', 'convscope-frame.js', 'favicon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    // The address's query and fragment (embed options, state) do not change the file.
    const key = new URL(request.url);
    key.search = '';
    const cached = await cache.match(key.href);
    const refresh = fetch(request).then((response) => {
      if (response.ok) cache.put(key.href, response.clone());
      return response;
    });
    if (cached) {
      event.waitUntil(refresh.catch(() => undefined));
      return cached;
    }
    return refresh;
  }));
});
