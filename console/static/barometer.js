/* The barometer page's chart: journeys started per need and ISO week (Chart.js, vendored: chart.umd.min.js).
   The data comes from the page's JSON block (#barometer-data, no inline script: CSP script-src 'self').
   Hidden cells (fewer than BAROMETER_MIN_COUNT conversations) are null: a gap, never a number. */
(function () {
  "use strict";
  function draw() {
    var node = document.getElementById("barometer-data");
    var canvas = document.getElementById("barometer-needs-chart");
    if (!node || !canvas || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(node.textContent);
    var colours = ["#1b6ca8", "#e07b39", "#2e8b57", "#8e44ad", "#c0392b", "#7f8c8d"];
    var datasets = data.series.map(function (s, i) {
      return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length],
               borderColor: colours[i % colours.length], borderWidth: 1 };
    });
    window.barometerChart = new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.weeks, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true, reverse: !!data.rtl }, y: { stacked: true, beginAtZero: true,
                  position: data.rtl ? "right" : "left", ticks: { precision: 0 } } },
        plugins: {
          legend: { rtl: !!data.rtl, position: "bottom" },
          tooltip: { rtl: !!data.rtl, callbacks: { label: function (ctx) {
            var v = ctx.raw === null ? data.hidden : ctx.raw;
            return ctx.dataset.label + ": " + v;
          } } }
        }
      }
    });
    canvas.setAttribute("data-rendered", "1");
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
}());
