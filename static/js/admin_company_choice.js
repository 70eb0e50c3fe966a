// The admin's pickers of contacts, projects and exchanges list only those of the company chosen on the
// form: each search sends the company along (read by the ModelAdmin's get_search_results), and choosing
// another company empties them. Runs after Django's autocomplete.js and opens its pickers again.
"use strict";
(function ($) {
  function narrow(select) {
    const form = select.closest("form");
    const company = form && form.querySelector(`[name="${select.dataset.companyChoice}"]`);
    if (!company) {
      return;
    }
    const $select = $(select);
    $select.select2({
      ajax: {
        data: (params) => ({
          term: params.term,
          page: params.page,
          app_label: select.dataset.appLabel,
          model_name: select.dataset.modelName,
          field_name: select.dataset.fieldName,
          company: company.value,
        }),
      },
    });
    $(company).on("change", () => {
      $select.val(null).trigger("change");
    });
  }

  $(() => {
    document.querySelectorAll("select.admin-autocomplete[data-company-choice]").forEach(narrow);
  });
})(django.jQuery);
