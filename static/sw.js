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

workbox.precaching.precacheAndRoute([{"revision":"0763832b07af114525e4b0fccd5e95a0","url":"/static/css/lozdev.css"},{"revision":"538044b980d1b582f92f3e372adf6bd9","url":"/static/css/events.css"},{"revision":"92e589bdeb165cead328325a10fa1d58","url":"/static/js/lozdev.js"},{"revision":"6991895b63b47a729ac7cd9e99a24d25","url":"/static/js/combobox.js"},{"revision":"494c9add83d3bd907f372f893a25e242","url":"/static/js/events.js"},{"revision":"0c0e6e9d03396e7f26744f286826c096","url":"/static/js/stand.js"},{"revision":"78e0aa19d026823c3c13b9c28d882bf7","url":"/static/js/outbox.js"},{"revision":"f2b930dbb8c276c354993237a5d4fc7b","url":"/static/vendor/dexie.min.js"},{"revision":"c5749c2591188b6c833dbe21cfd56b04","url":"/static/vendor/jsQR.js"},{"revision":"0a3d05bd3d17eb9328e71db137d4b1f0","url":"/static/img/lozdev-192.png"}]);
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
