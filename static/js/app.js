// Small progressive enhancements; every page works without them. No inline scripts (CSP).
(function () {
  "use strict";

  // <input data-show-unless="id_detainee_signed">: hide the field (with its label) while that
  // checkbox is ticked; the server still refuses a missing reason when it is not.
  function bindToggles(root) {
    root.querySelectorAll("[data-show-unless]").forEach(function (input) {
      var box = document.getElementById(input.dataset.showUnless);
      var block = input.closest(".mb-3") || input;
      if (!box) { return; }
      var update = function () { block.hidden = box.checked && !input.value; };
      box.addEventListener("change", update);
      update();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    bindToggles(document);
    // Bring the first error into view on long forms (tablets, small screens).
    var summary = document.getElementById("form-errors");
    if (summary) { summary.focus(); }
    // <button data-print>: the browser's print dialog (the printable record page).
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
