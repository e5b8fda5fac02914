// Progressive enhancement only: every form works without this file.
(function () {
  "use strict";

  // Show only the fields of the chosen auth method, as the server does on a full page load.
  // Hidden fields are also disabled, so they are not posted.
  function applyAuthMethod(select) {
    var method = select.value;
    var form = select.form;
    form.querySelectorAll("[data-auth-methods]").forEach(function (row) {
      var methods = row.getAttribute("data-auth-methods").split(" ").filter(Boolean);
      var applies = methods.length === 0 || methods.indexOf(method) >= 0;
      row.hidden = !applies;
      row.querySelectorAll("input, select, textarea").forEach(function (input) {
        if (!input.hasAttribute("data-locked")) { input.disabled = !applies; }
      });
      var required = row.getAttribute("data-required-for").split(" ").indexOf(method) >= 0;
      var marker = row.querySelector(".req");
      if (marker) { marker.hidden = !required; }
    });
  }

  document.querySelectorAll("[data-auth-select]").forEach(function (select) {
    select.addEventListener("change", function () { applyAuthMethod(select); });
  });

  // The "Show fields" button is for browsers without JavaScript.
  document.querySelectorAll(".js-hide").forEach(function (el) { el.hidden = true; });

  // Load a service-account key file into its textarea (the file never leaves the browser otherwise).
  document.querySelectorAll("input[type=file][data-fill]").forEach(function (input) {
    input.hidden = false;
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) { return; }
      var reader = new FileReader();
      reader.onload = function () { document.getElementById(input.getAttribute("data-fill")).value = reader.result; };
      reader.readAsText(file);
    });
  });

  // Move focus to the error summary so screen readers announce it.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
