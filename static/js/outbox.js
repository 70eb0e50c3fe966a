/* The lead form at the stand without network: the outbox, the offline company search, the badge scanner.

   A lead whose sending fails (no network, or the request dies on the way) is kept on the
   device (IndexedDB, see stand.js) under an id made here, and sent as JSON to the
   appearance's sync address when the network returns, on « Envoyer maintenant » and on
   load, and again on its own while the server cannot take it; the server makes one lead per
   id, so a resend never doubles it. A lead the server refuses stays with its French message,
   to correct. */
(function () {
  "use strict";
  var stand = window.lozdevStand;
  var form = document.querySelector("form.lead-form");
  var box = document.getElementById("outbox");
  if (!stand || !form || !box) { return; }

  var db = stand.db;
  var texts = box.dataset;
  var keyInput = form.querySelector("input[name=capture_key]");
  var qrInput = form.querySelector("input[name=qr_text]");
  var countNode = box.querySelector("[data-outbox-count]");
  var list = box.querySelector("[data-outbox-list]");
  var status = box.querySelector("[data-outbox-status]");
  var sendButton = box.querySelector("[data-outbox-send]");
  var chosenName = document.querySelector("#chosen-company [data-chosen-name]");
  var SKIP = { csrfmiddlewaretoken: true, capture_key: true, company_search: true };
  var syncing = false;
  /* A lead the server could not take yet (a 5xx, a lost answer) is tried again on its own,
     every 3 s at first, then waiting twice as long each time, a minute at most. */
  var RETRY_FIRST = 3000;
  var RETRY_MAX = 60000;
  var retryDelay = RETRY_FIRST;
  var retryTimer = null;

  /* The page may come from the service worker's copy: its key was used already. */
  keyInput.value = stand.uuid();

  function say(text) { status.textContent = text; }

  function formFields(data) {
    var fields = {};
    data.forEach(function (value, name) {
      if (typeof value === "string" && !SKIP[name] && value !== "") { fields[name] = value; }
    });
    return fields;
  }

  function labelOf(fields) {
    var company = fields.company ? chosenName.textContent : fields.company_name;
    var person = [fields.person_first_name, fields.person_last_name].filter(Boolean).join(" ");
    return [company || texts.textCard, person].filter(Boolean).join(" · ");
  }

  function clearForm() {
    form.reset();
    form.querySelector("input[name=company]").value = "";
    qrInput.value = "";
    keyInput.value = stand.uuid();
    form.dispatchEvent(new CustomEvent("lozdev:cleared"));
    window.scrollTo(0, 0);
  }

  function keep(fields) {
    return db.outbox.put({
      id: keyInput.value,
      url: form.dataset.syncUrl,
      appearance: form.dataset.appearance,
      fields: fields,
      label: labelOf(fields),
      companyName: fields.company ? chosenName.textContent : "",
      errors: null
    }).then(function () {
      clearForm();
      say(texts.textKept);
      return render();
    });
  }

  function render() {
    return db.outbox.toArray().then(function (items) {
      countNode.textContent = texts.textWaiting.replace("%s", items.length);
      box.classList.toggle("hidden", !items.length && !status.textContent);
      list.replaceChildren();
      items.forEach(function (item) {
        var row = document.createElement("li");
        row.className = "outbox-item" + (item.errors ? " refused" : "");
        row.dataset.id = item.id;
        var name = document.createElement("strong");
        name.textContent = item.label;
        var state = document.createElement("span");
        state.className = "muted small";
        state.textContent = item.errors ? texts.textRefused : texts.textPending;
        row.append(name, " ", state);
        if (item.errors) {
          var errors = document.createElement("ul");
          errors.className = "errorlist";
          Object.keys(item.errors).forEach(function (field) {
            item.errors[field].forEach(function (message) {
              var line = document.createElement("li");
              line.textContent = message;
              errors.appendChild(line);
            });
          });
          row.appendChild(errors);
        }
        var edit = document.createElement("button");
        edit.type = "button";
        edit.className = "small";
        edit.textContent = texts.textEdit;
        edit.addEventListener("click", function () { editItem(item); });
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "small";
        remove.textContent = texts.textDelete;
        remove.addEventListener("click", function () {
          if (window.confirm(texts.textDeleteConfirm)) { db.outbox.delete(item.id).then(render); }
        });
        row.append(" ", edit, " ", remove);
        list.appendChild(row);
      });
    });
  }

  /* Back into the form, under the same id: saved again, it replaces itself. */
  function editItem(item) {
    clearForm();
    Object.keys(item.fields).forEach(function (name) {
      var field = form.elements[name];
      if (!field || SKIP[name]) { return; }
      if (field instanceof window.RadioNodeList) {
        Array.prototype.forEach.call(field, function (option) { option.checked = option.value === item.fields[name]; });
      } else if (field.type === "checkbox") {
        field.checked = true;
      } else {
        field.value = item.fields[name];
      }
    });
    if (item.fields.company) {
      form.dispatchEvent(new CustomEvent("lozdev:choose-company", { detail: { id: item.fields.company, name: item.companyName } }));
    }
    keyInput.value = item.id;
    say(texts.textEditing);
  }

  /* Safari before 15.4 has no event.submitter: the button last clicked stands in for it. */
  var clicked = null;
  form.addEventListener("click", function (event) {
    clicked = event.target.closest ? event.target.closest("button[type=submit]") : null;
  });

  form.addEventListener("submit", function (event) {
    if (form.dataset.native) { return; }
    event.preventDefault();
    var data = new FormData(form);
    var submitter = event.submitter || clicked;
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    var fields = formFields(data);
    if (!navigator.onLine) { keep(fields); return; }
    /* The redirect is not followed here: the page it leads to shows the saved message once. */
    fetch(window.location.href, { method: "POST", body: data, credentials: "same-origin", redirect: "manual" }).then(function (response) {
      /* The server answered: the lead is in its hands, not the outbox's. */
      return db.outbox.delete(keyInput.value).then(function () {
        if (response.type === "opaqueredirect") {
          window.location.assign(window.location.href);
          return;
        }
        /* Errors or a probable duplicate: the same post again, natively, so the page shows them (it writes nothing). */
        if (submitter && submitter.name) {
          var hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.name = submitter.name;
          hidden.value = submitter.value;
          form.appendChild(hidden);
        }
        form.dataset.native = "1";
        form.submit();
      });
    }).catch(function () { keep(fields); });
  });

  function snapshot() {
    return fetch(form.dataset.snapshotUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        return db.transaction("rw", db.companies, db.meta, function () {
          db.companies.clear();
          db.companies.bulkPut(data.companies);
          db.meta.put({ key: "csrf", value: data.csrf_token });
        });
      });
  }

  function csrfToken() {
    return db.meta.get("csrf").then(function (row) {
      return row ? row.value : form.querySelector("input[name=csrfmiddlewaretoken]").value;
    });
  }

  function send(item, token) {
    var body = Object.assign({}, item.fields, { device_id: item.id });
    return fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.status === 200 || response.status === 201 || response.status === 202) {
          return db.outbox.delete(item.id).then(function () { return response.status === 202 ? "pending" : "sent"; });
        }
        if (response.status === 400 && answer.errors) {
          return db.outbox.update(item.id, { errors: answer.errors }).then(function () { return "refused"; });
        }
        return response.status === 403 ? "forbidden" : "kept";
      });
    }, function () { return "kept"; });
  }

  function sendAll() {
    if (syncing || !navigator.onLine) { return Promise.resolve(); }
    syncing = true;
    var tally = { sent: 0, pending: 0, refused: 0, kept: 0, forbidden: 0 };
    return snapshot().catch(function () { return null; }).then(csrfToken).then(function (token) {
      return db.outbox.toArray().then(function (items) {
        /* One after the other: two leads naming the same new company make it once. */
        return items.reduce(function (previous, item) {
          return previous.then(function () {
            return send(item, token).then(function (outcome) { tally[outcome] += 1; });
          });
        }, Promise.resolve());
      });
    }).then(function () {
      var parts = [];
      if (tally.sent) { parts.push(texts.textSent.replace("%s", tally.sent)); }
      if (tally.pending) { parts.push(texts.textToCheck.replace("%s", tally.pending)); }
      if (tally.refused) { parts.push(texts.textRefusedCount.replace("%s", tally.refused)); }
      if (tally.forbidden) { parts.push(texts.textForbidden); }
      if (tally.kept && navigator.onLine) { parts.push(texts.textRetry); }
      if (parts.length) { say(parts.join(" · ")); }
      retryLater(tally.kept > 0);
    }).finally(function () {
      syncing = false;
      return render();
    });
  }

  function retryLater(needed) {
    if (retryTimer !== null) { window.clearTimeout(retryTimer); retryTimer = null; }
    if (!needed) { retryDelay = RETRY_FIRST; return; }
    retryTimer = window.setTimeout(function () { retryTimer = null; sendAll(); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX);
  }

  sendButton.addEventListener("click", sendAll);
  window.addEventListener("online", sendAll);
  render().then(sendAll);

  /* The company search offline: the snapshot's companies, every folded word found. */
  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  stand.searchCompanies = function (query) {
    var words = fold(query).split(" ").filter(Boolean);
    return db.companies.filter(function (company) {
      return words.every(function (word) { return company.search.indexOf(word) !== -1; });
    }).limit(10).toArray();
  };

  /* Badge and card QR codes: the camera (BarcodeDetector, else jsQR) or a photo. */
  var scanner = document.getElementById("scanner");
  var video = scanner.querySelector("video");
  var photo = document.querySelector("input[data-scan-photo]");
  var scanStatus = document.getElementById("scan-status");
  var canvas = document.createElement("canvas");
  var stream = null;
  var detector = null;
  if ("BarcodeDetector" in window) {
    try { detector = new window.BarcodeDetector({ formats: ["qr_code"] }); } catch (error) { detector = null; }
  }

  function withJsQR(source, width, height) {
    var scale = Math.min(1, 1600 / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(pixels.data, pixels.width, pixels.height);
    return code ? code.data : null;
  }

  function decode(source, width, height) {
    if (detector) {
      return detector.detect(source).then(function (codes) {
        return codes.length ? codes[0].rawValue : withJsQR(source, width, height);
      }, function () { return withJsQR(source, width, height); });
    }
    return Promise.resolve(withJsQR(source, width, height));
  }

  function fill(fields) {
    Object.keys(fields).forEach(function (name) {
      var field = form.elements[name];
      if (field && !field.value) { field.value = fields[name]; }
    });
    /* The company may be known: look it up, one tap picks it. */
    var search = form.querySelector("input[name=company_search]");
    if (fields.company_name && !form.querySelector("input[name=company]").value) {
      search.value = fields.company_name;
      search.dispatchEvent(new Event("input", { bubbles: true }));
      search.focus();
    }
  }

  function onCode(text) {
    stopCamera();
    qrInput.value = text;
    if (!navigator.onLine) { scanStatus.textContent = texts.textCardLater; return; }
    csrfToken().then(function (token) {
      return fetch(form.dataset.cardUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token },
        body: JSON.stringify({ qr_text: text })
      });
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) {
          qrInput.value = "";
          scanStatus.textContent = (answer.errors && answer.errors.qr_text || [texts.textCardUnread]).join(" ");
          return;
        }
        /* Read now: nothing left for the server to read at sending. */
        qrInput.value = "";
        if (answer.url) {
          var summary = form.querySelector("[name=summary]");
          summary.value = [summary.value.trim(), answer.url].filter(Boolean).join("\n");
        } else {
          fill(answer.fields);
        }
        scanStatus.textContent = texts.textCardRead;
      });
    }).catch(function () { scanStatus.textContent = texts.textCardLater; });
  }

  function stopCamera() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    scanner.classList.add("hidden");
  }

  function scanFrame() {
    if (!stream) { return; }
    if (video.readyState < 2) { window.setTimeout(scanFrame, 250); return; }
    decode(video, video.videoWidth, video.videoHeight).then(function (text) {
      if (text) { onCode(text); } else { window.setTimeout(scanFrame, 250); }
    });
  }

  document.querySelector("[data-scan]").addEventListener("click", function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) { photo.click(); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (media) {
      stream = media;
      video.srcObject = media;
      scanner.classList.remove("hidden");
      return video.play().then(scanFrame);
    }).catch(function () { photo.click(); });
  });
  scanner.querySelector("[data-scan-stop]").addEventListener("click", stopCamera);

  photo.addEventListener("change", function () {
    var file = photo.files && photo.files[0];
    if (!file) { return; }
    var reader = new FileReader();
    reader.onload = function () {
      var image = new Image();
      image.onload = function () {
        decode(image, image.naturalWidth, image.naturalHeight).then(function (text) {
          if (text) { onCode(text); } else { scanStatus.textContent = texts.textCardNone; }
        });
      };
      image.src = reader.result;
    };
    reader.readAsDataURL(file);
    photo.value = "";
  });
})();
