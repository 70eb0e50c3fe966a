/* A text box with a list of suggestions, after the WAI-ARIA combobox pattern (list autocomplete).

   The input has role="combobox", aria-expanded, aria-controls and
   aria-autocomplete="list"; the list is a ul role="listbox" whose options are
   li role="option" (grouped under role="group" with a label when the source
   gives groups). The focus stays in the input: ArrowDown and ArrowUp move the
   active option (aria-activedescendant), Enter picks it, Escape closes the
   list (or, closed, empties the box), a click picks too.

   lozdevCombobox(input, {
     listbox,            the ul role="listbox"
     source(query),      a Promise of [{label (optional), items: [{id, label, detail, ...}]}]
     onPick(item),       what choosing an option does
     minLength,          characters before a lookup (default 2)
     status,             optional live region told how many results there are
     texts: {none, count} "Aucun résultat", "%s résultats"
   })

   Also, for the header's search: « / » anywhere but in a field focuses it. */
(function () {
  "use strict";

  function lozdevCombobox(input, options) {
    var listbox = options.listbox;
    var minLength = options.minLength || 2;
    var texts = options.texts || {};
    var items = [];
    var active = -1;
    var timer = null;
    var lastQuery = null;
    /* ArrowDown pressed before the answer came: the first option becomes active when it does. */
    var activateFirst = false;
    var idPrefix = listbox.id + "-option-";

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", listbox.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    listbox.setAttribute("role", "listbox");

    function announce(text) {
      if (options.status) { options.status.textContent = text; }
    }

    function isOpen() { return input.getAttribute("aria-expanded") === "true"; }

    function open() {
      if (!items.length) { return; }
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function setActive(index) {
      var previous = items[active];
      if (previous) {
        previous.node.setAttribute("aria-selected", "false");
        previous.node.classList.remove("active");
      }
      active = index;
      var current = items[active];
      if (current) {
        current.node.setAttribute("aria-selected", "true");
        current.node.classList.add("active");
        current.node.scrollIntoView({ block: "nearest" });
        input.setAttribute("aria-activedescendant", current.node.id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function optionNode(item) {
      var node = document.createElement("li");
      node.setAttribute("role", "option");
      node.setAttribute("aria-selected", "false");
      node.id = idPrefix + items.length;
      node.className = "combobox-option";
      var label = document.createElement("span");
      label.className = "combobox-label";
      label.textContent = item.label;
      node.appendChild(label);
      if (item.detail) {
        var detail = document.createElement("span");
        detail.className = "combobox-detail muted small";
        detail.textContent = item.detail;
        node.appendChild(detail);
      }
      var index = items.length;
      /* Pressing the mouse would blur the input and close the list before the click. */
      node.addEventListener("mousedown", function (event) { event.preventDefault(); });
      node.addEventListener("click", function () { pick(index); });
      items.push({ item: item, node: node });
      return node;
    }

    function render(groups) {
      listbox.replaceChildren();
      items = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      groups.forEach(function (group, groupIndex) {
        if (!group.items.length) { return; }
        var parent = listbox;
        if (group.label) {
          var groupNode = document.createElement("li");
          groupNode.setAttribute("role", "group");
          var labelId = listbox.id + "-group-" + groupIndex;
          groupNode.setAttribute("aria-labelledby", labelId);
          var heading = document.createElement("div");
          heading.setAttribute("role", "presentation");
          heading.id = labelId;
          heading.className = "combobox-group-label";
          heading.textContent = group.label;
          groupNode.appendChild(heading);
          parent = document.createElement("ul");
          parent.setAttribute("role", "none");
          groupNode.appendChild(parent);
          listbox.appendChild(groupNode);
        }
        group.items.forEach(function (item) { parent.appendChild(optionNode(item)); });
      });
      var found = items.filter(function (entry) { return !entry.item.extra; }).length;
      announce(found ? (texts.count || "%s").replace("%s", found) : (texts.none || ""));
      if (items.length) {
        open();
        if (activateFirst) { setActive(0); }
      } else {
        close();
      }
      activateFirst = false;
    }

    function pick(index) {
      var entry = items[index];
      if (!entry) { return; }
      close();
      options.onPick(entry.item, input.value.trim());
    }

    function lookup(force) {
      var query = input.value.trim();
      if (query === lastQuery && !force) { open(); return; }
      lastQuery = query;
      if (query.length < minLength) { render([]); announce(""); return; }
      options.source(query).then(function (groups) {
        if (input.value.trim() !== query) { return; }
        render(groups);
      }).catch(function () { render([]); });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookup, 150);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!isOpen()) {
          window.clearTimeout(timer);
          activateFirst = event.key === "ArrowDown";
          lookup();
          if (!isOpen()) { return; }
          activateFirst = false;
        }
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next >= items.length) { next = 0; }
        if (next < 0) { next = items.length - 1; }
        setActive(next);
      } else if (event.key === "Enter") {
        if (isOpen() && active >= 0) {
          event.preventDefault();
          pick(active);
        } else if (options.onEnter) {
          options.onEnter(event, input.value.trim());
        }
      } else if (event.key === "Escape") {
        if (isOpen()) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          lastQuery = null;
          render([]);
        }
      }
    });

    input.addEventListener("blur", function () { close(); });
    input.addEventListener("focus", function () { if (input.value.trim().length >= minLength && items.length) { open(); } });

    listbox.hidden = true;
    return {
      refresh: function () { lookup(true); },
      close: close,
      clear: function () { lastQuery = null; render([]); }
    };
  }

  function getJSON(url) {
    return fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      });
  }

  window.lozdevCombobox = lozdevCombobox;
  window.lozdevGetJSON = getJSON;

  /* The header's search: every group of every kind; Enter without a choice opens the results page. */
  var form = document.getElementById("global-search");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var resultsUrl = form.getAttribute("action");
  lozdevCombobox(input, {
    listbox: document.getElementById("global-search-listbox"),
    status: document.getElementById("global-search-status"),
    texts: { none: form.dataset.textNone, count: form.dataset.textCount },
    source: function (query) {
      return getJSON(form.dataset.suggestionsUrl + "?q=" + encodeURIComponent(query)).then(function (data) {
        var groups = data.groups.map(function (group) {
          return { label: group.label, items: group.results };
        });
        groups.push({ items: [{ label: form.dataset.textAll.replace("%s", query), url: resultsUrl + "?q=" + encodeURIComponent(query), extra: true }] });
        return groups;
      });
    },
    onPick: function (item) { window.location.assign(item.url); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
    var target = event.target;
    var tag = target && target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) { return; }
    event.preventDefault();
    input.focus();
    input.select();
  });
})();
