// Branch meetings: live counts of the roll call on the recording screen. Loaded with
// `defer`; the page works without it (the counts then stay empty).
(function () {
  "use strict";
  function recount() {
    var form = document.getElementById("mt-record");
    if (!form) { return; }
    var counts = { present: 0, excused: 0, unexcused: 0 };
    form.querySelectorAll(".mt-att input:checked").forEach(function (input) {
      if (input.value in counts) { counts[input.value] += 1; }
    });
    form.querySelectorAll("[data-count]").forEach(function (el) {
      el.textContent = counts[el.getAttribute("data-count")];
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest("#mt-record")) { recount(); }
  });
  document.addEventListener("DOMContentLoaded", recount);
})();
