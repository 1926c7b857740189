// Small behaviours that need no framework. Loaded with `defer`; no inline scripts (CSP).
(function () {
  "use strict";
  // Buttons with data-confirm ask before submitting their form.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // Elements with data-show-when="fieldName=value" are shown only while that radio is chosen.
  function syncConditional() {
    document.querySelectorAll("[data-show-when]").forEach(function (el) {
      var parts = el.getAttribute("data-show-when").split("=");
      var chosen = document.querySelector('input[name="' + parts[0] + '"]:checked');
      el.hidden = !chosen || chosen.value !== parts[1];
    });
  }
  // The menu starts open (usable without JavaScript); on a phone it folds away.
  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.getElementById("nav-toggle");
    if (nav && window.matchMedia("(max-width: 899px)").matches) { nav.open = false; }
  });
  document.addEventListener("change", syncConditional);
  document.addEventListener("DOMContentLoaded", syncConditional);
  document.addEventListener("htmx:afterSwap", syncConditional);
})();
