/* Draw the course's Plotly charts, and keep their text and grid colours readable in the
 * theme's light and dark modes.
 *
 * Loaded (deferred) only on pages that contain a chart. Neither plotly.js nor the page's
 * figures (a script of their own beside the page, named in data-figures) load with the
 * page: both are fetched and run when the first chart comes near the viewport, and
 * each chart is drawn as it comes near, one chart per task, so the text is never
 * blocked and a long chapter does not draw twenty charts nobody has scrolled to.
 * Printing (and `make pdf`, which prints in print media) draws every chart first.
 * window.thawCharts.drawAll() draws every chart and resolves when they are drawn. */
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

  var LOADER = document.currentScript;
  var NEAR = "100% 0px";  // start a chart one screen before it scrolls into view
  var plotlyLoaded = null;
  var queue = [];
  var draining = false;

  // A chart's figure, a fresh copy with its template, from the page's figures script
  // (thaw.book.sphinxext.charts writes it; loadPlotly loads it).
  function figureOf(box) {
    var figures = window.thawChartFigures;
    var figure = JSON.parse(JSON.stringify(figures.charts[box.id]));
    var key = figure.layout && figure.layout.template;
    if (typeof key === "string") figure.layout.template = JSON.parse(JSON.stringify(figures.templates[key]));
    return figure;
  }

  function isDrawn(box) { return box.classList.contains("js-plotly-plot"); }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = src;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(tag);
    });
  }

  // plotly.js and the page's figures, fetched together when the first chart is needed.
  function loadPlotly() {
    if (window.Plotly && window.thawChartFigures) return Promise.resolve();
    if (!plotlyLoaded) {
      plotlyLoaded = Promise.all([loadScript(LOADER.dataset.plotly), loadScript(LOADER.dataset.figures)]);
    }
    return plotlyLoaded;
  }

  // For printing started from the browser's menu before the charts were needed: printing does
  // not wait for anything asynchronous, so run the (by then usually cached) scripts at once.
  function loadPlotlyNow() {
    [[window.Plotly, LOADER.dataset.plotly], [window.thawChartFigures, LOADER.dataset.figures]].forEach(function (needed) {
      if (needed[0]) return;
      var request = new XMLHttpRequest();
      request.open("GET", needed[1], false);
      request.send();
      var tag = document.createElement("script");
      tag.text = request.responseText;
      document.head.appendChild(tag);
    });
  }

  // A still preview (thaw.book.previews) stands in for a chart in a phone's first screen until
  // the reader reaches for the chart: plotly.js is then loaded and the live chart replaces it.
  var WAKE = ["pointerdown", "pointerenter", "focusin", "keydown"];

  function previewFits(box) {
    var still = box.querySelector(".thaw-preview");
    var width = still && Number(still.dataset.width);
    return Boolean(width) && box.clientWidth >= 0.9 * width && box.clientWidth <= 1.35 * width;
  }

  function stopWaiting(box) {
    if (!box.thawWake) return;
    WAKE.forEach(function (name) { box.removeEventListener(name, box.thawWake); });
    box.thawWake = null;
  }

  function dropPreview(box) {
    stopWaiting(box);
    box.querySelectorAll(".thaw-preview").forEach(function (still) { still.remove(); });
    ["tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
  }

  function holdPreview(box) {
    box.thawWake = function () { stopWaiting(box); draw(box); };
    WAKE.forEach(function (name) { box.addEventListener(name, box.thawWake); });
    box.tabIndex = 0;  // reached by the keyboard too
    box.setAttribute("role", "button");
    // The words are the page's, in its language (thaw.book.sphinxext.charts writes them on this script's tag).
    box.setAttribute("aria-label", LOADER.dataset.loadLabel || "Load the interactive chart");
    if (sizes) sizes.observe(box);  // turned to landscape, the phone draws the live chart
  }

  // Draw the chart at the width of its column, then fit its texts and controls to that width
  // (thaw-chart-fit.js). Drawn again from its figure when the column's width changes.
  function drawNow(box, again) {
    if (isDrawn(box) && !again) return Promise.resolve();
    dropPreview(box);
    var figure = figureOf(box);
    figure.data = figure.data || [];
    figure.layout = themed(figure.layout || {});
    if (window.thawChartFit) figure = window.thawChartFit.prepare(figure, box.clientWidth);
    var config = Object.assign({ displaylogo: false }, figure.config || {});
    box.style.height = (figure.layout.height || 450) + "px";
    box.dataset.drawn = "false";
    box.thawWidth = box.clientWidth;
    // Drawn anew, not updated: Plotly.react leaves a row of buttons behind when it becomes a drop-down.
    if (again) Plotly.purge(box);
    return Plotly.newPlot(box, figure.data, figure.layout, config).then(function () {
      return window.thawChartFit ? window.thawChartFit(box, figureOf(box)) : null;
    }).then(function () {
      box.dataset.drawn = "true";  // drawing is done (tests and `make pdf` wait for this)
    });
  }

  var resized = new Set(), resizeTimer = null;
  var sizes = "ResizeObserver" in window && new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var box = entry.target;
      if (isDrawn(box) && Math.abs(box.clientWidth - box.thawWidth) > 2) resized.add(box);
      if (box.thawWake && !previewFits(box)) box.thawWake();
    });
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      resized.forEach(function (box) { drawNow(box, true); });
      resized.clear();
    }, 150);
  });

  // Draw queued charts one per task, so that input is answered between two charts.
  function drain() {
    if (draining) return;
    draining = true;
    setTimeout(function next() {
      var item = queue.shift();
      if (!item) { draining = false; return; }
      drawNow(item.box).then(item.done, item.done);
      if (sizes) sizes.observe(item.box);
      setTimeout(next, 0);
    }, 0);
  }

  function draw(box) {
    return loadPlotly().then(function () {
      return new Promise(function (done) { queue.push({ box: box, done: done }); drain(); });
    });
  }

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll(".thaw-chart .plotly-graph-div"));
  }

  function drawAll() {
    return Promise.all(boxes().map(draw));
  }

  function drawAllNow() {
    loadPlotlyNow();
    boxes().forEach(drawNow);
  }

  function retheme() {
    document.querySelectorAll(".thaw-chart .js-plotly-plot").forEach(function (chart) {
      Plotly.react(chart, chart.data, themed(chart.layout));
    });
  }

  function start() {
    var printing = window.matchMedia("print");
    if (printing.matches || !("IntersectionObserver" in window)) {
      drawAll();
    } else {
      var observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            observer.unobserve(entry.target);
            draw(entry.target);
          }
        });
      }, { rootMargin: NEAR });
      boxes().forEach(function (box) {
        if (previewFits(box)) {
          holdPreview(box);
        } else {
          dropPreview(box);
          observer.observe(box);
        }
      });
    }
    window.addEventListener("beforeprint", drawAllNow);
    new MutationObserver(retheme).observe(document.documentElement,
      { attributes: true, attributeFilter: ["data-theme"] });
  }

  window.thawCharts = { drawAll: drawAll };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
