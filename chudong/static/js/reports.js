// Dashboard charts (reports/dashboard.html). The figures come from a JSON script tag
// written by Django's json_script filter: data, not code, so the CSP allows it.
(function () {
  "use strict";
  var BLUE = "#1c4fa1";
  var PALETTE = ["#1c4fa1", "#2f9e44", "#f08c00", "#e03131", "#7048e8", "#868e96",
                 "#1098ad", "#d6336c", "#5c940d"];

  function chart(id, config) {
    var canvas = document.getElementById(id);
    if (canvas && window.Chart) { new window.Chart(canvas, config); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("dashboard-data");
    if (!source || !window.Chart) { return; }
    var data = JSON.parse(source.textContent);
    var common = { responsive: true, maintainAspectRatio: false, animation: false };
    chart("chart-statuses", {
      type: "doughnut",
      data: { labels: data.statuses.labels,
              datasets: [{ data: data.statuses.values, backgroundColor: PALETTE }] },
      options: Object.assign({}, common, { plugins: { legend: { position: "right" } } })
    });
    chart("chart-admissions", {
      type: "bar",
      data: { labels: data.admissions.labels,
              datasets: [{ label: data.admissions.label, data: data.admissions.values,
                           backgroundColor: BLUE }] },
      options: Object.assign({}, common, { plugins: { legend: { display: false } } })
    });
    if (data.ratings.labels.length) {
      chart("chart-ratings", {
        type: "doughnut",
        data: { labels: data.ratings.labels,
                datasets: [{ data: data.ratings.values, backgroundColor: PALETTE }] },
        options: Object.assign({}, common, { plugins: { legend: { position: "right" } } })
      });
    }
    if (data.units.labels.length) {
      chart("chart-units", {
        type: "bar",
        data: { labels: data.units.labels,
                datasets: [{ label: data.units.label, data: data.units.values,
                             backgroundColor: BLUE }] },
        options: Object.assign({}, common, { indexAxis: "y",
                                             plugins: { legend: { display: false } } })
      });
    }
  });
})();
