// Behaviours every page may use, declared in the markup rather than in inline
// handlers (the Content-Security-Policy allows no inline script):
//   <select data-autosubmit>   submits its form when the choice changes;
//   <button data-print>        opens the print dialog.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("select[data-autosubmit]") && field.form) {
      field.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      window.print();
    }
  });
})();
