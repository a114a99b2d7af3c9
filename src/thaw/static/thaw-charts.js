/* Draw the course's Plotly charts from the JSON embedded in each page, and keep
 * their text and grid colours readable in the theme's light and dark modes.
 * Loaded (deferred, after plotly.min.js) only on pages that contain a chart. */
(function () {
  "use strict";

  var COLOURS = {
    light: { text: "#1f2933", grid: "rgba(31,41,51,0.14)", line: "rgba(31,41,51,0.55)", hover: "#ffffff",
             control: "#e4e7eb", active: "#cfe3f5", border: "#9aa5b1", controlText: "#1f2933" },
    dark: { text: "#e6e8eb", grid: "rgba(230,232,235,0.18)", line: "rgba(230,232,235,0.6)", hover: "#1e2227",
            control: "#aeb8c2", active: "#0b4f7c", border: "#6b7785", controlText: "#111417" }
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
    (layout.updatemenus || []).forEach(function (menu, i) {
      // plotly.js paints the active button a fixed near-white, so button text stays dark.
      update["updatemenus[" + i + "].font.color"] = c.controlText;
      update["updatemenus[" + i + "].bgcolor"] = c.control;
      update["updatemenus[" + i + "].bordercolor"] = c.border;
    });
    (layout.sliders || []).forEach(function (slider, i) {
      update["sliders[" + i + "].font.color"] = c.text;
      update["sliders[" + i + "].currentvalue.font.color"] = c.text;
      update["sliders[" + i + "].bgcolor"] = c.control;
      update["sliders[" + i + "].activebgcolor"] = c.active;
      update["sliders[" + i + "].bordercolor"] = c.border;
      update["sliders[" + i + "].tickcolor"] = c.line;
    });
    (layout.annotations || []).forEach(function (annotation, i) {
      // Annotations that carry their own colour (e.g. a highlighted series) keep it.
      if (!annotation.font || !annotation.font.color || annotation.font.color === "inherit") {
        update["annotations[" + i + "].font.color"] = c.text;
      }
    });
    return update;
  }

  // Set "a.b[2].c" in a nested layout object, creating what is missing.
  function setPath(target, path, value) {
    var keys = path.replace(/\[(\d+)\]/g, ".$1").split(".");
    var node = target;
    for (var i = 0; i < keys.length - 1; i++) {
      if (node[keys[i]] === undefined || node[keys[i]] === null) node[keys[i]] = {};
      node = node[keys[i]];
    }
    node[keys[keys.length - 1]] = value;
  }

  // A copy of the layout in the colours of the current mode. Applied through
  // Plotly.react, which redraws buttons and sliders too (relayout does not).
  function themed(layout) {
    var copy = JSON.parse(JSON.stringify(layout));
    var update = themeUpdate(copy, currentMode());
    Object.keys(update).forEach(function (path) { setPath(copy, path, update[path]); });
    return copy;
  }

  function draw(script) {
    var target = document.getElementById(script.dataset.target);
    if (!target || target.classList.contains("js-plotly-plot")) return;
    var figure = JSON.parse(script.textContent);
    var config = Object.assign({ responsive: true, displaylogo: false }, figure.config || {});
    Plotly.newPlot(target, figure.data || [], themed(figure.layout || {}), config);
  }

  function retheme() {
    document.querySelectorAll(".thaw-chart .js-plotly-plot").forEach(function (chart) {
      Plotly.react(chart, chart.data, themed(chart.layout));
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
