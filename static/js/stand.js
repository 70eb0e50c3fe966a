/* The stand app on every page of the staff: installs the service worker, holds the device's
   store (Dexie over IndexedDB), and empties it on « Déconnexion », asking first while leads wait.

   The store: outbox (leads typed without network, by device id), companies (the offline
   search set), meta (the CSRF token of the last snapshot). */
(function () {
  "use strict";
  if (!window.Dexie) { return; }

  var db = new window.Dexie("lozdev-stand");
  db.version(1).stores({ outbox: "id, appearance", companies: "id", meta: "key" });

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    /* Safari before 15.4: the same version-4 UUID from getRandomValues. */
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  /* Everything the device keeps for the user: the store and the cached capture screens.
     Signing out waits for it two seconds at most: a deletion that another connection
     blocks (a sync under way) stays queued and ends once this page has gone. */
  function forget() {
    var steps = [db.delete()];
    if (window.caches) { steps.push(window.caches.delete("lozdev-pages")); }
    var done = Promise.all(steps).catch(function () { return null; });
    var patience = new Promise(function (resolve) { window.setTimeout(resolve, 2000); });
    return Promise.race([done, patience]);
  }

  window.lozdevStand = { db: db, uuid: uuid, forget: forget };

  if ("serviceWorker" in navigator && document.body.dataset.serviceWorker) {
    navigator.serviceWorker.register(document.body.dataset.serviceWorker, { scope: "/" }).catch(function () { return null; });
  }

  var logout = document.querySelector("form[data-logout]");
  if (logout) {
    var leaving = false;
    logout.addEventListener("submit", function (event) {
      if (leaving) { return; }
      event.preventDefault();
      db.outbox.count().catch(function () { return 0; }).then(function (waiting) {
        if (waiting && !window.confirm(logout.dataset.textConfirm.replace("%s", waiting))) { return null; }
        return forget().then(function () {
          leaving = true;
          logout.submit();
        });
      });
    });
  }
})();
