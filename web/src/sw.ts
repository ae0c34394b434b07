// The service worker: keeps the app's shell for offline starts.
declare const SHELL_FILES: string[];
declare const SHELL_VERSION: string;
const sw = self as unknown as ServiceWorkerGlobalScope;
const CACHE = `jxc-shell-${SHELL_VERSION}`;

sw.addEventListener('install', (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(SHELL_FILES)).then(() => sw.skipWaiting()));
});
