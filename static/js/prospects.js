// Prospecting screens: as-you-type company search, stage form fields, reassign form, bulk bar, next follow-up date, person picker.
(function () {
  "use strict";

  function debounce(fn, wait) {
    let timer = null;
    return function (...args) {
      clearTimeout(timer);
      timer = setTimeout(() => fn.apply(this, args), wait);
    };
  }

  // Company search: suggestions from the JSON endpoint under the search box.
  const list = document.getElementById("company-suggestions");
  const input = list && list.closest(".searchbar").querySelector("input[type=search]");
  if (list && input) {
    let controller = null;
    const hide = () => { list.hidden = true; list.replaceChildren(); };
    const show = (results) => {
      list.replaceChildren();
      for (const company of results) {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = company.url;
        link.textContent = company.name;
        const details = [company.city, company.department && "(" + company.department + ")", company.siret || company.siren]
          .filter(Boolean).join(" ");
        if (details) {
          const small = document.createElement("div");
          small.className = "muted";
          small.textContent = details;
          link.append(small);
        }
        item.append(link);
        list.append(item);
      }
      list.hidden = results.length === 0;
    };
    input.addEventListener("input", debounce(() => {
      const q = input.value.trim();
      if (q.length < 2) { hide(); return; }
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(list.dataset.url + "?q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" }, signal: controller.signal, credentials: "same-origin",
      })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((data) => show(data.results))
        .catch(() => {});
    }, 200));
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") hide();
      if (event.key === "ArrowDown" && !list.hidden) {
        event.preventDefault();
        list.querySelector("a").focus();
      }
    });
    list.addEventListener("keydown", (event) => {
      const links = Array.from(list.querySelectorAll("a"));
      const index = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && index < links.length - 1) { event.preventDefault(); links[index + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (index > 0 ? links[index - 1] : input).focus(); }
      if (event.key === "Escape") { hide(); input.focus(); }
    });
    document.addEventListener("click", (event) => {
      if (!list.contains(event.target) && event.target !== input) hide();
    });
  }

  // Stage form: show the won/lost fields only for those stages.
  for (const form of document.querySelectorAll("form.stageform")) {
    const select = form.querySelector("select[name=stage]");
    const update = () => {
      form.classList.toggle("is-won", select.value === "won");
      form.classList.toggle("is-lost", select.value === "lost");
    };
    form.classList.add("js-stage");
    select.addEventListener("change", update);
    update();
  }

  // Follow-ups: the list of people is on the page once; opening a row's
  // "Reporter, réattribuer, modifier" puts a copy of it in place of the link to the reassign page.
  const reassignTemplate = document.getElementById("reassign-template");
  if (reassignTemplate) {
    for (const details of document.querySelectorAll("details.followup-more")) {
      details.addEventListener("toggle", () => {
        const slot = details.querySelector(".reassign[data-action]");
        if (!details.open || !slot) return;
        const form = reassignTemplate.content.firstElementChild.cloneNode(true);
        const select = form.querySelector("select");
        form.action = slot.dataset.action;
        select.id = "assignee-" + slot.dataset.key;
        select.value = slot.dataset.assignee;
        form.querySelector("label").htmlFor = select.id;
        slot.replaceWith(form);
      });
    }
  }

  // Direction's bulk reassignment: the bar (in the page's flow, sticky, usable
  // without JavaScript) shows once something is ticked, with how many.
  const bulk = document.getElementById("bulk-form");
  if (bulk) {
    const boxes = Array.from(document.querySelectorAll('input[type=checkbox][name=followups][form="bulk-form"]'));
    const everything = document.getElementById("bulk-everything");
    const count = bulk.querySelector(".bulk-count");
    const shown = document.querySelector(".select-shown");
    const tickShown = document.getElementById("tick-shown");
    const update = () => {
      const ticked = boxes.filter((box) => box.checked).length;
      const all = everything && everything.checked;
      bulk.hidden = !all && ticked === 0;
      count.textContent = all
        ? bulk.dataset.all
        : ticked === 1 ? bulk.dataset.one : bulk.dataset.many.replace("%(count)s", ticked.toLocaleString("fr-FR"));
      if (tickShown) tickShown.checked = ticked > 0 && ticked === boxes.length;
    };
    for (const box of boxes) box.addEventListener("change", update);
    if (everything) everything.addEventListener("change", update);
    if (shown && tickShown) {
      shown.hidden = false;
      tickShown.addEventListener("change", () => {
        for (const box of boxes) box.checked = tickShown.checked;
        update();
      });
    }
    bulk.classList.add("js-bulk");
    update();
  }

  // « Fait » page: the next follow-up's date follows the grade chosen, until the date is changed by hand.
  for (const form of document.querySelectorAll("form.completeform[data-proposed-dates]")) {
    const dates = Object.fromEntries(form.dataset.proposedDates.split(",").map((pair) => pair.split("=")));
    const grade = form.querySelector("select[name=lead_grade]");
    const due = form.querySelector("input[name=next_due_on]");
    const schedule = form.querySelector("input[name=schedule_next]");
    let proposed = due ? due.value : "";
    if (grade && due) {
      grade.addEventListener("change", () => {
        if (due.value !== proposed) return;
        const day = dates[grade.value];
        if (day) { due.value = day; proposed = day; }
        if (schedule && grade.value) schedule.checked = Boolean(day);
      });
    }
  }

  // Direction's person picker: show the chosen person's list at once.
  for (const select of document.querySelectorAll("select.autosubmit")) {
    select.addEventListener("change", () => select.form.submit());
  }
})();
