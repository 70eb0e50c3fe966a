/* The stand app's service worker, served as /sw.js (scope: the whole site).

   Built by `make frontend` (frontend/build.js): Workbox injects the list of
   the base layout's files, with their revisions, into precacheAndRoute below.
   What it keeps:
   - the base layout's styles, scripts and icons (precached);
   - every other static file once fetched (hashed names in production);
   - the capture screen of an appearance the user staffs this week or next,
     network first, the last copy when the network fails; the server marks
     those pages with X-Lozdev-Offline, so no other page is ever stored. */
/* global workbox, importScripts */
importScripts("/static/vendor/workbox/workbox-sw.js");
workbox.setConfig({ modulePathPrefix: "/static/vendor/workbox/", debug: false });
workbox.core.setCacheNameDetails({ prefix: "lozdev" });
self.skipWaiting();
workbox.core.clientsClaim();

workbox.precaching.precacheAndRoute(self.__WB_MANIFEST);
workbox.precaching.cleanupOutdatedCaches();

workbox.routing.registerRoute(
  function (options) {
    return options.url.origin === self.location.origin && options.url.pathname.indexOf("/static/") === 0;
  },
  new workbox.strategies.StaleWhileRevalidate({ cacheName: "lozdev-static" })
);

workbox.routing.registerRoute(
  function (options) {
    return options.request.mode === "navigate" && /^\/salons\/\d+\/contact\/$/.test(options.url.pathname);
  },
  new workbox.strategies.NetworkFirst({
    cacheName: "lozdev-pages",
    networkTimeoutSeconds: 5,
    plugins: [
      new workbox.cacheableResponse.CacheableResponsePlugin({ statuses: [200], headers: { "X-Lozdev-Offline": "1" } })
    ]
  })
);
