/* The programme page's charts: plotly.js (served from the plotly wheel) draws the JSON the page carries in
   <script id="chart-data">. Numbers are Vietnamese: separators ",." (1.234,5) on the axes; the hover text is
   the value as the server formatted it ("1,4 tỷ đồng", "75,0%"). No mode bar (its labels are English). */
(function () {
  "use strict";

  function layout(spec, horizontal, rows) {
    var valueAxis = {
      title: { text: spec.axis_title || "" }, tickformat: spec.tickformat, ticksuffix: spec.ticksuffix,
      rangemode: "tozero", automargin: true, gridcolor: "#e3e8ee"
    };
    var top = Math.max.apply(null, spec.y.filter(function (v) { return v !== null; }).concat([0]));
    if (spec.whole && top < 5) { valueAxis.dtick = 1; }  // whole numbers: no tick at 0,2
    if (top <= 0) { valueAxis.range = [0, 1]; }
    var labelAxis = { automargin: true, type: "category", title: { text: spec.x_title || "" } };
    if (horizontal) { labelAxis.autorange = "reversed"; }
    return {
      title: { text: spec.title, font: { size: 15 } },
      separators: spec.separators,
      margin: { t: 48, r: 16, b: 48, l: 16 },
      height: horizontal ? Math.max(320, 70 + 22 * rows) : 340,
      xaxis: horizontal ? valueAxis : labelAxis,
      yaxis: horizontal ? labelAxis : valueAxis,
      hoverlabel: { bgcolor: "#fff" },
      paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      font: { family: "system-ui, sans-serif" }
    };
  }

  function draw(element, spec) {
    var horizontal = element.dataset.chart === "children";
    var trace = {
      type: "bar", name: spec.name, text: spec.text, textposition: "none", marker: { color: "#2171b5" },
      hovertemplate: "%{" + (horizontal ? "y" : "x") + "}: %{text}<extra></extra>"
    };
    trace.x = horizontal ? spec.y : spec.x;
    trace.y = horizontal ? spec.x : spec.y;
    if (horizontal) { trace.orientation = "h"; }
    window.Plotly.newPlot(element, [trace], layout(spec, horizontal, spec.x.length),
                          { displayModeBar: false, responsive: true });
  }

  function init() {
    var source = document.getElementById("chart-data");
    if (!source || !window.Plotly) { return; }
    var data = JSON.parse(source.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var spec = data[element.dataset.chart];
      if (spec) { draw(element, spec); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
