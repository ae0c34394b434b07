// The service worker: the app's shell starts without the network. The
// shell's files are kept at install (a new build brings a new version and
// the old cache goes); pages are answered from the network when it answers
// and from the kept shell when it does not; the app's other files (chunks
// loaded later, the camera decoder) are kept the first time they are
// fetched. The API is never answered from a cache: what is not sent waits in
// the page's own queue.
declare const SHELL_FILES: string[];
declare const SHELL_VERSION: string;
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `jxc-shell-${SHELL_VERSION}`;

sw.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL_FILES)).then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('jxc-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== location.origin || !url.pathname.startsWith(new URL('./', location.href).pathname)) return;
  if (req.mode === 'navigate') {
    e.respondWith(
      fetch(req).catch(async () => (await caches.match('index.html', { cacheName: CACHE })) ?? Response.error()),
    );
    return;
  }
  e.respondWith(
    caches.match(req, { cacheName: CACHE }).then(
      (hit) =>
        hit ??
        fetch(req).then(async (res) => {
          if (res.ok) await (await caches.open(CACHE)).put(req, res.clone());
          return res;
        }),
    ),
  );
});
