/* Rebuilds the stand app's vendored files under ../static (run by `make frontend`):
   Workbox's runtime, the service worker with its precache list, Dexie and jsQR. */
"use strict";
const fs = require("fs");
const path = require("path");
const { copyWorkboxLibraries, injectManifest } = require("workbox-build");

const STATIC = path.resolve(__dirname, "..", "static");
const VENDOR = path.join(STATIC, "vendor");

async function main() {
  fs.rmSync(VENDOR, { recursive: true, force: true });
  fs.mkdirSync(VENDOR, { recursive: true });
  const workboxDir = await copyWorkboxLibraries(VENDOR);
  // A stable path, so that the service worker need not know Workbox's version; no source maps shipped.
  fs.renameSync(path.join(VENDOR, workboxDir), path.join(VENDOR, "workbox"));
  // Only the modules sw.src.js uses, production builds, no source maps.
  const used = ["workbox-sw.js"].concat(
    ["core", "precaching", "routing", "strategies", "cacheable-response"].map((name) => `workbox-${name}.prod.js`)
  );
  for (const name of fs.readdirSync(path.join(VENDOR, "workbox"))) {
    if (!used.includes(name)) { fs.rmSync(path.join(VENDOR, "workbox", name)); }
  }
  fs.copyFileSync(require.resolve("dexie/dist/dexie.min.js"), path.join(VENDOR, "dexie.min.js"));
  fs.copyFileSync(require.resolve("jsqr/dist/jsQR.js"), path.join(VENDOR, "jsQR.js"));
  // The maps are not shipped: a reference to one would fail collectstatic's manifest storage.
  for (const file of ["dexie.min.js", "jsQR.js"].concat(used.map((name) => path.join("workbox", name)))) {
    const target = path.join(VENDOR, file);
    fs.writeFileSync(target, fs.readFileSync(target, "utf8").replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n"));
  }

  const { count, warnings } = await injectManifest({
    swSrc: path.join(__dirname, "sw.src.js"),
    swDest: path.join(STATIC, "sw.js"),
    globDirectory: STATIC,
    globPatterns: [
      "css/lozdev.css",
      "css/events.css",
      "js/lozdev.js",
      "js/combobox.js",
      "js/events.js",
      "js/stand.js",
      "js/outbox.js",
      "vendor/dexie.min.js",
      "vendor/jsQR.js",
      "img/lozdev-192.png"
    ],
    modifyURLPrefix: { "": "/static/" }
  });
  warnings.forEach((warning) => console.warn(warning));
  console.log(`static/sw.js: ${count} files precached; vendored files in static/vendor/`);
}

main().catch((error) => { console.error(error); process.exit(1); });
