/* Draw the course's Plotly charts from the JSON embedded in each page, and keep
 * their text and grid colours readable in the theme's light and dark modes.
 * Loaded (deferred, after plotly.min.js) only on pages that contain a chart. */
(function () {
  "use strict";

  var COLOURS = {
    light: { text: "#1f2933", grid: "rgba(31,41,51,0.14)", line: "rgba(31,41,51,0.55)", hover: "#ffffff" },
    dark: { text: "#e6e8eb", grid: "rgba(230,232,235,0.18)", line: "rgba(230,232,235,0.6)", hover: "#1e2227" }
  };

  function currentMode() {
    var mode = document.documentElement.dataset.theme;
    if (mode === "dark" || mode === "light") return mode;
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  // Layout properties to set for the theme; axes and annotations are found in the figure.
  function themeUpdate(layout, mode) {
    var c = COLOURS[mode];
    var update = {
      "font.color": c.text,
      "legend.font.color": c.text,
      "title.font.color": c.text,
      "hoverlabel.bgcolor": c.hover,
      "hoverlabel.font.color": c.text
    };
    Object.keys(layout).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) {
        update[key + ".gridcolor"] = c.grid;
        update[key + ".linecolor"] = c.line;
        update[key + ".zerolinecolor"] = c.grid;
        update[key + ".tickfont.color"] = c.text;
        update[key + ".title.font.color"] = c.text;
      }
    });
    (layout.annotations || []).forEach(function (annotation, i) {
      // Annotations that carry their own colour (e.g. a highlighted series) keep it.
      if (!annotation.font || !annotation.font.color || annotation.font.color === "inherit") {
        update["annotations[" + i + "].font.color"] = c.text;
      }
    });
    return update;
  }

  function draw(script) {
    var target = document.getElementById(script.dataset.target);
    if (!target || target.classList.contains("js-plotly-plot")) return;
    var figure = JSON.parse(script.textContent);
    var layout = figure.layout || {};
    var config = Object.assign({ responsive: true, displaylogo: false }, figure.config || {});
    Plotly.newPlot(target, figure.data || [], layout, config).then(function () {
      Plotly.relayout(target, themeUpdate(target.layout, currentMode()));
    });
  }

  function retheme() {
    var mode = currentMode();
    document.querySelectorAll(".thaw-chart .js-plotly-plot").forEach(function (chart) {
      Plotly.relayout(chart, themeUpdate(chart.layout, mode));
    });
  }

  function start() {
    document.querySelectorAll("script.thaw-chart-data").forEach(draw);
    new MutationObserver(retheme).observe(document.documentElement,
      { attributes: true, attributeFilter: ["data-theme"] });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
