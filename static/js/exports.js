// Background export progress: poll the export's JSON state while it runs, reload when it is done.
(function () {
  var box = document.getElementById("export-state");
  if (!box || box.dataset.running !== "1") return;
  var bar = box.querySelector("progress");
  var percent = box.querySelector(".export-percent");
  var label = box.querySelector(".export-status-label");
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (bar) bar.value = state.percent;
        if (percent) percent.textContent = state.percent;
        if (label) label.textContent = state.label;
        if (state.running) { window.setTimeout(poll, 1500); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
