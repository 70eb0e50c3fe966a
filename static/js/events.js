/* Lead capture at the stand: find a company as you type, default the follow-up date from the grade. */
(function () {
  "use strict";
  var form = document.querySelector("form.lead-form");
  if (!form) { return; }

  var holidaysNode = document.getElementById("public-holidays");
  var holidays = new Set(holidaysNode ? JSON.parse(holidaysNode.textContent) : []);
  var companyId = form.querySelector("input[name=company]");
  var search = form.querySelector("input[name=company_search]");
  var suggestions = document.getElementById("company-suggestions");
  var finder = document.getElementById("company-finder");
  var chosen = document.getElementById("chosen-company");
  var newName = form.querySelector("input[name=company_name]");
  var metOn = form.querySelector("input[name=met_on]");
  var dueOn = form.querySelector("input[name=due_on]");
  var openProject = form.querySelector("input[name=open_project]");
  var projectFields = document.getElementById("project-fields");

  /* Company: matches as you type, from the JSON lookup. */
  function clearSuggestions() { suggestions.replaceChildren(); }

  function choose(company) {
    companyId.value = company.id;
    chosen.querySelector("[data-chosen-name]").textContent = company.name;
    chosen.querySelector("[data-chosen-detail]").textContent =
      [company.postcode, company.city].filter(Boolean).join(" ") + (company.siren ? " · " + company.siren : "");
    chosen.classList.remove("hidden");
    finder.classList.add("hidden");
    clearSuggestions();
    form.querySelector("input[name=person_last_name]").focus();
  }

  chosen.querySelector("[data-clear-company]").addEventListener("click", function () {
    companyId.value = "";
    chosen.classList.add("hidden");
    finder.classList.remove("hidden");
    search.focus();
  });

  function option(label, detail, onPick) {
    var item = document.createElement("li");
    var button = document.createElement("button");
    button.type = "button";
    button.setAttribute("role", "option");
    var strong = document.createElement("strong");
    strong.textContent = label;
    button.appendChild(strong);
    if (detail) {
      var small = document.createElement("span");
      small.className = "muted small";
      small.textContent = " " + detail;
      button.appendChild(small);
    }
    button.addEventListener("click", onPick);
    item.appendChild(button);
    suggestions.appendChild(item);
  }

  function createNew() {
    if (newName && !newName.value) { newName.value = search.value.trim(); }
    clearSuggestions();
    (newName.value ? form.querySelector("input[name=company_city]") : newName).focus();
  }

  var timer = null;
  var lastQuery = "";
  function lookup() {
    var query = search.value.trim();
    if (query === lastQuery) { return; }
    lastQuery = query;
    if (query.length < 2) { clearSuggestions(); return; }
    var url = form.dataset.lookupUrl + "?q=" + encodeURIComponent(query);
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        if (search.value.trim() !== query) { return; }
        clearSuggestions();
        data.results.forEach(function (company) {
          var detail = [company.postcode, company.city].filter(Boolean).join(" ");
          if (company.siren) { detail += " · " + company.siren; }
          option(company.name, detail, function () { choose(company); });
        });
        if (!data.results.length) {
          var note = document.createElement("li");
          note.className = "muted small";
          note.textContent = form.dataset.textNone;
          suggestions.appendChild(note);
        }
        option(form.dataset.textCreate, "« " + query + " »", createNew);
      })
      .catch(function () { clearSuggestions(); });
  }
  search.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookup, 200);
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); lookup(); }
  });

  /* Follow-up date from the grade, in working days (weekends and public holidays skipped). */
  function iso(day) {
    return day.getFullYear() + "-" + String(day.getMonth() + 1).padStart(2, "0") + "-" + String(day.getDate()).padStart(2, "0");
  }
  function parse(value) {
    var parts = (value || "").split("-");
    return parts.length === 3 ? new Date(+parts[0], +parts[1] - 1, +parts[2]) : null;
  }
  function isWorkingDay(day) {
    return day.getDay() !== 0 && day.getDay() !== 6 && !holidays.has(iso(day));
  }
  function addWorkingDays(start, count) {
    var day = new Date(start.getTime());
    while (count > 0) {
      day.setDate(day.getDate() + 1);
      if (isWorkingDay(day)) { count -= 1; }
    }
    return day;
  }
  function dueFor(grade, met) {
    if (grade === "A") { return addWorkingDays(met, 1); }
    if (grade === "B") { return addWorkingDays(met, 2); }
    if (grade === "C") {
      var day = new Date(met.getTime());
      day.setDate(day.getDate() + 7);
      while (!isWorkingDay(day)) { day.setDate(day.getDate() + 1); }
      return day;
    }
    return null;
  }

  /* The date follows the grade until the user types one of their own. */
  function gradeDue() {
    var grade = form.querySelector("input[name=lead_grade]:checked");
    var met = parse(metOn.value);
    if (!grade || !met) { return undefined; }
    var due = dueFor(grade.value, met);
    return due ? iso(due) : "";
  }
  /* A form shown again after an error keeps following the grade if its date was the grade's. */
  var dueTouched = Boolean(dueOn.value) && dueOn.value !== gradeDue();
  dueOn.addEventListener("input", function () { dueTouched = Boolean(dueOn.value); });
  function refreshDue() {
    var due = gradeDue();
    if (dueTouched || due === undefined) { return; }
    dueOn.value = due;
  }
  form.querySelectorAll("input[name=lead_grade]").forEach(function (radio) {
    radio.addEventListener("change", refreshDue);
  });
  metOn.addEventListener("change", refreshDue);

  function refreshProject() { projectFields.classList.toggle("hidden", !openProject.checked); }
  openProject.addEventListener("change", refreshProject);
  refreshProject();
})();
