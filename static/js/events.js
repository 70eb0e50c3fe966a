/* Lead capture at the stand: find a company as you type, pick one of its people, default the follow-up date from the grade.
   Offline, outbox.js keeps the lead on the device; this file only lets it fill and empty the form. */
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

  /* Company: matches as you type, in the same combobox as the header's search (combobox.js). */
  var peopleBox = document.getElementById("company-people");
  var peopleList = peopleBox.querySelector("[data-people-list]");
  var newPerson = document.getElementById("new-person");
  var someoneNew = peopleBox.querySelector("input[name=contact][value='']");

  function refreshPerson() {
    var picked = form.querySelector("input[name=contact]:checked");
    newPerson.classList.toggle("hidden", Boolean(picked && picked.value));
  }
  peopleBox.addEventListener("change", refreshPerson);

  /* The chosen company's people, to pick the one met rather than type them again. */
  function showPeople(companyIdValue) {
    peopleList.replaceChildren();
    someoneNew.checked = true;
    refreshPerson();
    peopleBox.classList.add("hidden");
    if (!companyIdValue) { return; }
    var url = form.dataset.peopleUrl.replace("/0/", "/" + encodeURIComponent(companyIdValue) + "/");
    window.lozdevGetJSON(url).catch(function (error) {
      /* No network: the people of the companies kept on the device for the stand (outbox.js). */
      var stand = window.lozdevStand;
      if (!stand || !stand.db) { throw error; }
      return stand.db.companies.get(Number(companyIdValue)).then(function (kept) {
        if (!kept) { throw error; }
        return { company: kept.id, people: kept.people || [] };
      });
    }).then(function (data) {
      if (String(companyId.value) !== String(data.company)) { return; }
      data.people.forEach(function (person) {
        var label = document.createElement("label");
        label.className = "person-choice";
        var radio = document.createElement("input");
        radio.type = "radio";
        radio.name = "contact";
        radio.value = person.id;
        var name = document.createElement("strong");
        name.textContent = person.name;
        var detail = document.createElement("span");
        detail.className = "muted small";
        detail.textContent = [person.job_title, person.email, person.phone].filter(Boolean).join(" · ");
        label.append(radio, " ", name, " ", detail);
        peopleList.appendChild(label);
      });
      peopleBox.classList.toggle("hidden", !data.people.length);
    }).catch(function () { peopleBox.classList.add("hidden"); });
  }

  function choose(company) {
    companyId.value = company.id;
    chosen.querySelector("[data-chosen-name]").textContent = company.name;
    chosen.querySelector("[data-chosen-detail]").textContent =
      [company.postcode, company.city].filter(Boolean).join(" ") + (company.siren ? " · " + company.siren : "");
    chosen.classList.remove("hidden");
    finder.classList.add("hidden");
    showPeople(company.id);
    form.querySelector("input[name=person_last_name]").focus();
  }

  function clearCompany() {
    companyId.value = "";
    chosen.classList.add("hidden");
    finder.classList.remove("hidden");
    showPeople("");
  }
  chosen.querySelector("[data-clear-company]").addEventListener("click", function () {
    clearCompany();
    search.focus();
  });
  /* The outbox (outbox.js) empties the form after keeping a lead, and fills it back to edit one. */
  form.addEventListener("lozdev:cleared", function () {
    clearCompany();
    dueTouched = false;
    refreshProject();
  });
  form.addEventListener("lozdev:choose-company", function (event) { choose(event.detail); });

  /* Online, every company; offline (or when the request fails), the set the device keeps (outbox.js). */
  function findCompanies(query) {
    var online = navigator.onLine
      ? window.lozdevGetJSON(form.dataset.lookupUrl + "?q=" + encodeURIComponent(query))
      : Promise.reject(new Error("offline"));
    return online.catch(function (error) {
      var stand = window.lozdevStand;
      if (!stand || !stand.searchCompanies) { throw error; }
      return stand.searchCompanies(query).then(function (results) { return { results: results }; });
    });
  }

  function createNew(query) {
    /* A company typed by hand carries nothing of an establishment picked before. */
    ["company_naf_code", "company_address", "company_workforce_band"].forEach(function (name) {
      form.querySelector("[name=" + name + "]").value = "";
    });
    document.getElementById("directory-filled").classList.add("hidden");
    if (newName && !newName.value) { newName.value = query; }
    (newName.value ? form.querySelector("input[name=company_city]") : newName).focus();
  }

  /* An establishment of the SIRENE directory: the new company's fields filled from the register, to check and save. */
  function fillFromDirectory(row) {
    var values = {
      company_name: row.label, company_city: row.city, company_postcode: row.postcode, company_siret: row.siret,
      company_naf_code: row.naf, company_address: row.address, company_workforce_band: row.workforce_band
    };
    Object.keys(values).forEach(function (name) {
      var field = form.querySelector("[name=" + name + "]");
      if (field) { field.value = values[name] || ""; }
    });
    var sector = form.querySelector("select[name=company_sector]");
    if (sector && row.sector_id) { sector.value = String(row.sector_id); }
    document.getElementById("directory-filled").classList.remove("hidden");
    (sector && !sector.value ? sector : form.querySelector("input[name=person_last_name]")).focus();
  }

  window.lozdevCombobox(search, {
    listbox: suggestions,
    status: document.getElementById("company-search-status"),
    texts: { none: form.dataset.textNone, count: form.dataset.textCount },
    source: function (query) {
      return findCompanies(query).then(function (data) {
        var companies = data.results.map(function (company) {
          var detail = [company.postcode, company.city].filter(Boolean).join(" ");
          if (company.siren) { detail += " · " + company.siren; }
          return { label: company.name, detail: detail, company: company };
        });
        var register = (data.directory || []).map(function (row) {
          return {
            label: row.label,
            detail: [[row.postcode, row.city].filter(Boolean).join(" "), row.siret, row.naf].filter(Boolean).join(" · "),
            directory: row
          };
        });
        var found = companies.length + register.length;
        var create = {
          label: form.dataset.textCreate,
          detail: "« " + query + " »" + (found ? "" : " · " + form.dataset.textNone) + (data.note ? " · " + data.note : ""),
          create: true,
          extra: true
        };
        var groups = [{ items: companies }];
        if (register.length) { groups.push({ label: data.directory_label, items: register }); }
        groups.push({ items: [create] });
        return groups;
      });
    },
    onPick: function (item, query) {
      if (item.create) { createNew(query); } else if (item.directory) { fillFromDirectory(item.directory); } else { choose(item.company); }
    },
    /* Enter in the search box never sends the form half filled. */
    onEnter: function (event) { event.preventDefault(); }
  });
  refreshPerson();

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
