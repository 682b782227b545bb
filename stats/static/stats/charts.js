/* Statistics charts: reads the figures from the page's JSON (json_script) and draws them with Chart.js. */
(function () {
  "use strict";

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  var COLOURS = ["#c0392b", "#2980b9", "#27ae60", "#f39c12", "#8e44ad", "#16a085", "#7f8c8d"];

  function choiceData(items, label, colours) {
    return {
      labels: items.map(function (item) { return item.label; }),
      datasets: [{ label: label, data: items.map(function (item) { return item.count; }),
        backgroundColor: colours || COLOURS }],
    };
  }

  function configs(data, words) {
    var a = data.assignments;
    var notDue = Math.max(0, a.total - a.replied - a.overdue_unreplied);
    var integerAxis = { y: { beginAtZero: true, ticks: { precision: 0 } } };
    return {
      "topics-domain": { type: "bar", data: choiceData(data.topics.by_domain, words.count),
        options: { plugins: { legend: { display: false } }, scales: integerAxis } },
      "topics-source": { type: "doughnut", data: choiceData(data.topics.by_source, words.count) },
      "activities": { type: "bar", data: choiceData(data.research.activities_by_kind, words.count),
        options: { plugins: { legend: { display: false } }, scales: integerAxis } },
      "timeliness": { type: "doughnut", data: {
        labels: [words.on_time, words.late, words.overdue_unreplied, words.open],
        datasets: [{ data: [a.on_time, a.late, a.overdue_unreplied, notDue],
          backgroundColor: ["#27ae60", "#f39c12", "#c0392b", "#bdc3c7"] }] } },
      "satisfaction": { type: "doughnut",
        data: choiceData(data.satisfaction.by_evaluation, words.count, ["#27ae60", "#f39c12", "#c0392b"]) },
      "by-year": { type: "bar", data: {
        labels: data.by_year.map(function (r) { return String(r.year); }),
        datasets: ["topics_adopted", "external_visits", "suggestions"].map(function (key, i) {
          return { label: words[key], data: data.by_year.map(function (r) { return r[key]; }),
            backgroundColor: COLOURS[i] };
        }) }, options: { scales: integerAxis } },
      "ranking": { type: "bar", data: {
        labels: data.ranking.map(function (r) { return r.department; }),
        datasets: [{ label: words.on_time_rate, backgroundColor: COLOURS[1],
          data: data.ranking.map(function (r) { return r.on_time_rate === null ? 0 : r.on_time_rate; }) }] },
        options: { indexAxis: "y", scales: { x: { beginAtZero: true, max: 100 } } } },
    };
  }

  function draw() {
    var data = readJson("stats-data");
    var words = readJson("stats-labels") || {};
    if (!data || typeof window.Chart === "undefined") { return; }
    var all = configs(data, words);
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var config = all[canvas.dataset.chart];
      if (!config) { return; }
      // Keep every chart about as tall as its neighbours; the ranking grows with the number of departments.
      config.options = Object.assign({ aspectRatio: 1.6 }, config.options || {});
      if (canvas.dataset.chart === "ranking") {
        config.options.aspectRatio = Math.max(2.5, 12 / Math.max(1, data.ranking.length));
      }
      new window.Chart(canvas, config);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();
