// Statistics charts (Chart.js, served locally). The numbers and their translated labels come
// from <script type="application/json" id="stats-data"> (json_script), never from inline code
// (CSP). Each canvas has role="img", an aria-label and a table with the same numbers beside it,
// so the page still says everything when this file or Chart.js does not run.
(function () {
  "use strict";

  // Canvas keys -> how to draw them; ratio is width/height [wide, phone]. Horizontal stacked
  // bars read best for outcomes per group.
  var KINDS = {
    detentions: { type: "bar", stacked: true, horizontal: false, legend: true, ratio: [2.2, 1.4] },
    obligations: { type: "bar", stacked: true, horizontal: true, legend: true, ratio: [2.2, 1.2] },
    durations: { type: "bar", stacked: false, horizontal: false, legend: false, ratio: [2.4, 1.5] },
    injuries: { type: "bar", stacked: false, horizontal: true, legend: false, ratio: [3.5, 2] }
  };

  function options(kind, data) {
    var value = kind.horizontal ? "x" : "y";
    var category = kind.horizontal ? "y" : "x";
    var scales = {};
    scales[value] = {
      stacked: kind.stacked, beginAtZero: true,
      ticks: { precision: 0 },  // counts of records: no fractions on the axis
      title: { display: true, text: data.axis }
    };
    scales[category] = { stacked: kind.stacked, grid: { display: false } };
    var narrow = window.innerWidth < 576;
    return {
      indexAxis: kind.horizontal ? "y" : "x",
      responsive: true,
      aspectRatio: narrow ? kind.ratio[1] : kind.ratio[0],
      animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : undefined,
      scales: scales,
      plugins: {
        legend: { display: kind.legend, position: "bottom" },
        tooltip: { mode: "index", intersect: false }
      }
    };
  }

  function draw(canvas, all) {
    var key = canvas.dataset.chart;
    var kind = KINDS[key];
    var data = all[key];
    if (!kind || !data) { return; }
    new window.Chart(canvas, {
      type: kind.type,
      data: {
        labels: data.labels,
        datasets: data.datasets.map(function (set) {
          return {
            label: set.label, data: set.data, backgroundColor: set.colour,
            borderWidth: 0, maxBarThickness: 48
          };
        })
      },
      options: options(kind, data)
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("stats-data");
    if (!source || !window.Chart) { return; }
    var all = JSON.parse(source.textContent);
    window.Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    window.Chart.defaults.color = getComputedStyle(document.body).color;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) { draw(canvas, all); });
  });
})();
