/* Fit a drawn Plotly chart to the width it was given: on a phone, in a narrow window, in print.
 *
 * The course's figures are laid out for a desktop column (thaw.charts.finish). At other widths
 * a title, a source line, a legend entry, a note or a map label can run past the chart's edge, a
 * row of buttons can run off it, and a label can be cut by the plot area. This looks at what was
 * drawn, not at estimates: it measures every text, breaks the ones that stick out into lines (at
 * spaces, keeping Plotly's <b>, <i> and <span> markup whole), turns a row of buttons that does
 * not fit into a drop-down, moves or hides a label that its plot area cuts (its point keeps its
 * hover text), and then makes room: the plot area keeps its height, the chart grows.
 *
 * window.thawChartFit.prepare(figure, width) adjusts a figure before it is drawn;
 * window.thawChartFit(chart, authored) then fits the drawn chart (``authored``: the figure as
 * written) and returns a promise, resolved once the chart fits. */
(function () {
  "use strict";

  var ROUNDS = 8;  // a fix can move other texts (a taller legend pushes the source line down)
  var GAP = 4;     // px kept between a text and the chart's edge
  var measureContext = document.createElement("canvas").getContext("2d");

  function textWidth(text, size, family) {
    measureContext.font = size + "px " + family;
    return measureContext.measureText(text).width;
  }

  function decode(text) {
    return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'").replace(/&amp;/g, "&");
  }

  function lineCount(html) {
    return String(html).split(/<br\s*\/?>/i).length;
  }

  // Break Plotly pseudo-HTML so that no line is wider than ``width`` px. Tags stay whole and a
  // <span style="font-size:..."> is measured at its own size. Returns the text unchanged if it fits.
  function wrap(html, width, size, family) {
    return String(html).split(/<br\s*\/?>/i).map(function (line) {
      var sizes = [size], out = "", used = 0;
      (line.match(/<[^>]*>|[^<\s]+\s*|\s+/g) || []).forEach(function (token) {
        if (token.charAt(0) === "<") {
          var fontSize = /font-size:\s*(\d+(?:\.\d+)?)px/.exec(token);
          if (/^<span/i.test(token)) sizes.push(fontSize ? +fontSize[1] : sizes[sizes.length - 1]);
          else if (/^<\/span/i.test(token) && sizes.length > 1) sizes.pop();
          out += token;
          return;
        }
        var word = token.replace(/\s+$/, ""), space = token.slice(word.length);
        var current = sizes[sizes.length - 1];
        var wordWidth = textWidth(decode(word), current, family);
        if (used > 0 && word && used + wordWidth > width) {
          out = out.replace(/\s+$/, "") + "<br>";
          used = 0;
        }
        out += token;
        used += wordWidth + textWidth(space, current, family);
      });
      return out.replace(/\s+(<br>)/g, "$1").replace(/\s+$/, "");
    }).join("<br>");
  }

  // How far a box sticks out of ``frame`` on its left and on its right (0 when inside).
  function overhang(box, frame) {
    return { left: Math.max(0, frame.left + GAP - box.left), right: Math.max(0, box.right - (frame.right - GAP)) };
  }

  function sticksOut(box, frame) {
    var o = overhang(box, frame);
    return box.width > 0 && (o.left > 0.5 || o.right > 0.5);
  }

  function rect(el) { return el.getBoundingClientRect(); }

  // The widest a text may be, anchored where it is, without sticking out of ``frame``.
  function allowedWidth(box, frame, anchor) {
    if (anchor === "center" || anchor === "middle") {
      var centre = (box.left + box.right) / 2;
      return 2 * Math.min(centre - frame.left, frame.right - centre) - 2 * GAP;
    }
    return anchor === "right" ? box.right - frame.left - GAP : frame.right - GAP - box.left;
  }

  // The text as the figure was written, before any breaking for width: breaks are made again from
  // it, not added to breaks made for another width. A source line's breaks are all for width.
  function authoredText(authored, kind, index) {
    var text;
    if (kind === "title") text = authored.layout.title && (authored.layout.title.text || authored.layout.title);
    var note = kind === "annotation" ? (authored.layout.annotations || [])[index] : null;
    if (note) text = note.text;
    if (kind === "name") text = authored.data[index].name;
    text = String(text || "");
    return isSourceLine(note) ? text.replace(/<br\s*\/?>/gi, " ") : text;
  }

  // The source line under a chart: the annotation that thaw.charts.finish names "thaw-source" (the
  // test on its English first word is for figures made before it was named).
  function isSourceLine(note) {
    return Boolean(note) && (note.name === "thaw-source" || /^Source/.test(note.text || ""));
  }

  // Where the plot is drawn: its axes' extent (a map's fixed aspect can make it narrower than
  // the space between the margins).
  function plotArea(chart, frame) {
    var x = chart._fullLayout.xaxis, y = chart._fullLayout.yaxis;
    return { left: frame.left + x._offset, right: frame.left + x._offset + x._length,
             top: frame.top + y._offset, bottom: frame.top + y._offset + y._length };
  }

  // What one round of fixes sees (the drawn chart, measured) and what it asks to change.
  function measure(chart, authored) {
    var full = chart._fullLayout, frame = rect(chart.querySelector("svg.main-svg"));
    var r = { chart: chart, authored: authored, full: full, frame: frame, plot: plotArea(chart, frame),
              family: full.font.family, layout: {}, traces: {}, changed: false };
    r.set = function (path, value) { r.layout[path] = value; r.changed = true; };
    r.setTrace = function (index, attr, value) {
      (r.traces[index] = r.traces[index] || {})[attr] = value;
      r.changed = true;
    };
    return r;
  }

  // A title wider than the chart: broken into lines.
  function fitTitle(r) {
    var chart = r.chart, full = r.full, frame = r.frame;
    var title = chart.querySelector(".g-gtitle");
    if (title && sticksOut(rect(title), frame)) {
      var titleText = wrap(authoredText(r.authored, "title"), allowedWidth(rect(title), frame, "left"),
                           full.title.font.size, r.family);
      if (titleText !== full.title.text) r.set("title.text", titleText);
    }
  }

  // Notes on the chart, and its source line: kept inside it, broken into lines, moved along their
  // arrow or to the other side of their point.
  function fitNotes(r) {
    var chart = r.chart, authored = r.authored, full = r.full, frame = r.frame, family = r.family, set = r.set;
    chart.querySelectorAll(".annotation").forEach(function (group) {
      var index = +group.getAttribute("data-index"), note = full.annotations[index];
      var text = group.querySelector(".annotation-text-g");
      if (note && text && isSourceLine(note) && note.xanchor === "left") {
        var shift = rect(text).left - (frame.left + 12);  // the source line starts at the chart's left edge
        if (Math.abs(shift) > 2) {
          set("annotations[" + index + "].xshift", (note.xshift || 0) - shift);
          return;
        }
        var rewrapped = wrap(authoredText(authored, "annotation", index), frame.width - 24 - GAP, note.font.size, family);
        if (rewrapped !== note.text) set("annotations[" + index + "].text", rewrapped);
        return;
      }
      if (!note || !text || !sticksOut(rect(text), frame)) return;
      var box = rect(text), o = overhang(box, frame), path = "annotations[" + index + "]";
      var anchor = note.xanchor === "auto" ? "center" : note.xanchor;
      if (note.showarrow && note.axref === "pixel") {  // move the text along its arrow, toward the middle
        set(path + ".ax", note.ax - o.right + o.left);
        return;
      }
      if (o.left > 0.5 && anchor === "left") {  // e.g. a source line shifted past a wide left margin
        set(path + ".xshift", (note.xshift || 0) + o.left);
        return;
      }
      var width = allowedWidth(box, frame, anchor);
      if (!note.showarrow && note.xref !== "paper" && anchor !== "center" && width < Math.min(box.width, 160)) {
        // Too close to the edge to break into lines: put the note on the point's other side.
        set(path + ".xanchor", anchor === "left" ? "right" : "left");
        set(path + ".align", anchor === "left" ? "right" : "left");
        return;
      }
      var wrapped = wrap(authoredText(authored, "annotation", index), width, note.font.size, family);
      if (wrapped !== note.text) set(path + ".text", wrapped);
      else set(path + ".font.size", Math.max(9, note.font.size - 1));
    });
  }

  // Legend entries wider than the chart: broken into lines.
  function fitLegend(r) {
    var chart = r.chart, full = r.full, frame = r.frame;
    chart.querySelectorAll(".legend .traces").forEach(function (entry) {
      var text = entry.querySelector(".legendtext"), trace = entry.__data__[0].trace;
      if (!text || !sticksOut(rect(text), frame)) return;
      var name = wrap(authoredText(r.authored, "name", trace.index), allowedWidth(rect(text), frame, "left"),
                      full.legend.font.size, r.family);
      if (name !== trace.name) r.setTrace(trace.index, "name", name);
    });
  }

  // An x-axis title wider than the chart: broken into lines (y titles are turned on their side and
  // fit the plot's height).
  function fitAxisTitles(r) {
    var chart = r.chart, full = r.full, frame = r.frame, family = r.family, set = r.set;
    chart.querySelectorAll(".g-xtitle").forEach(function (group) {
      var axisName = (group.getAttribute("class").match(/g-([xy]\d*)title/) || [])[1];
      var axis = full[axisName.replace(/^([xy])(\d*)$/, "$1axis$2")];
      if (!axis || !sticksOut(rect(group), frame)) return;
      var wrapped = wrap(axis.title.text, allowedWidth(rect(group), frame, "center"), axis.title.font.size, family);
      if (wrapped !== axis.title.text) set(axis._name + ".title.text", wrapped);
    });
  }

  // Category labels too long for the width: break them (the axis keeps its categories).
  function fitCategories(r) {
    var chart = r.chart, full = r.full, frame = r.frame, family = r.family, set = r.set, layout = r.layout;
    var size = full._size;
    ["xaxis", "yaxis"].forEach(function (name) {
      var axis = full[name];
      if (!axis || axis.type !== "category") return;
      var ticks = chart.querySelectorAll("." + axis._id + "tick text");
      var tooWide = Array.prototype.some.call(ticks, function (tick) { return sticksOut(rect(tick), frame); });
      var crowded = name === "yaxis" && size.l > frame.width * 0.4;
      if (!tooWide && !crowded) return;
      if (layout[name + ".ticktext"] === undefined && axis.tickmode === "array" && tooWide && name === "yaxis") {
        var cut = 0;  // already broken into lines: make room for them
        ticks.forEach(function (tick) { cut = Math.max(cut, overhang(rect(tick), frame).left); });
        if (cut > 0.5) set("margin.l", full.margin.l + Math.ceil(cut) + GAP);
        return;
      }
      var categories = axis._categories.slice();
      var width = name === "yaxis" ? frame.width * 0.32 : size.w / Math.max(1, categories.length);
      var labels = categories.map(function (c) { return wrap(c, width, axis.tickfont.size, family); });
      set(name + ".tickmode", "array");
      set(name + ".tickvals", categories);
      set(name + ".ticktext", labels);
      if (name === "yaxis") {  // each row as tall as its longest label, so labels do not run together
        var lines = Math.max.apply(null, labels.map(lineCount));
        var needed = Math.ceil(categories.length * (lines * axis.tickfont.size * 1.3 + 6));
        if (needed > size.h) set("height", full.height + needed - size.h);
      }
    });
  }

  // A menu that still does not fit (prepare() has made rows into drop-downs), or that covers another
  // menu, takes a smaller font.
  function fitMenuFonts(r) {
    var chart = r.chart, frame = r.frame, set = r.set;
    var menuBoxes = [];
    chart.querySelectorAll(".updatemenu-header-group").forEach(function (group) {
      var menu = group.__data__, box = rect(group);
      if (!menu || box.width === 0) return;
      var covers = menuBoxes.some(function (other) {
        return box.left < other.right && other.left < box.right && box.top < other.bottom && other.top < box.bottom;
      });
      menuBoxes.push(box);
      if ((sticksOut(box, frame) || covers) && menu.font.size > 10) {
        set("updatemenus[" + menu._index + "].font.size", menu.font.size - 1);
      }
    });
  }

  // Text labels beside points (map places, events on a time line): a label that its plot area cuts
  // moves to the other side of its point, or is left to the hover text.
  function fitPointLabels(r) {
    var chart = r.chart, full = r.full, frame = r.frame, plot = r.plot, family = r.family, setTrace = r.setTrace;
    chart.querySelectorAll(".scatterlayer .trace").forEach(function (group) {
      var trace = group.__data__ && group.__data__[0] && group.__data__[0].trace;
      if (!trace || !trace.mode || trace.mode.indexOf("text") < 0) return;
      var area = trace.cliponaxis === false ? frame : plot;
      var positions = null, texts = null;
      group.querySelectorAll(".textpoint").forEach(function (point) {
        var box = rect(point.querySelector("text") || point), i = point.__data__.i;
        if (box.width === 0) return;
        var o = overhang(box, area), cut = o.left > 0.5 || o.right > 0.5;
        if (!cut) return;
        positions = positions || pointValues(trace, "textposition");
        texts = texts || pointValues(trace, "text");
        var now = positions[i] || "middle center", side = (now.match(/left|right|center/) || ["center"])[0];
        var size = (Array.isArray(trace.textfont.size) ? trace.textfont.size[i] : trace.textfont.size) || full.font.size;
        var moved = null;  // the label on the point's other side, or beside it instead of under it
        if (o.right && side !== "left" && box.left - (side === "center" ? box.width / 2 : box.width + 12) >= area.left) {
          moved = now.replace(side, "left");
        }
        if (o.left && side !== "right" && box.right + (side === "center" ? box.width / 2 : box.width + 12) <= area.right) {
          moved = now.replace(side, "right");
        }
        var room = side === "center" ? allowedWidth(box, area, "center")
          : side === "right" ? area.right - GAP - box.left : box.right - area.left - GAP;
        var wrapped = wrap(texts[i], room, size, family);
        if (moved) positions[i] = moved;
        else if (room >= 60 && wrapped !== texts[i]) texts[i] = wrapped;
        else texts[i] = "";
      });
      if (positions) setTrace(trace.index, "textposition", positions);
      if (texts) hideLabels(r, trace, texts);
    });
  }

  // A bar's value written past its end that the plot area cuts, or the chart's edge: written inside
  // the bar instead.
  function fitBarValues(r) {
    var chart = r.chart, frame = r.frame, plot = r.plot, setTrace = r.setTrace;
    chart.querySelectorAll(".barlayer .trace").forEach(function (group) {
      var trace = group.__data__ && group.__data__[0] && group.__data__[0].trace;
      if (!trace) return;
      var area = trace.cliponaxis === false ? frame : plot, positions = null;
      group.querySelectorAll(".point").forEach(function (bar) {
        var text = bar.querySelector(".bartext"), i = bar.__data__ && bar.__data__.i;
        if (!text || i === undefined || !sticksOut(rect(text), area)) return;
        positions = positions || pointValues(trace, "textposition");
        if (positions[i] !== "inside") positions[i] = "inside";
      });
      if (positions) setTrace(trace.index, "textposition", positions);
    });
  }

  function overlaps(a, b) {
    return a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
  }

  // Notes and point labels that cover one another, which happens on a narrow chart when events a
  // few weeks apart or cities a few hundred kilometres apart share one patch of it: each is drawn
  // only if it covers none drawn before it (the notes first, in order, then the labels). A label
  // left out stays in its point's hover text; a note left out is the later of two key dates.
  function fitOverlaps(r) {
    var chart = r.chart, full = r.full, kept = [];
    function clear(box) {
      if (kept.some(function (other) { return overlaps(box, other); })) return false;
      kept.push(box);
      return true;
    }
    chart.querySelectorAll(".annotation").forEach(function (group) {
      var index = +group.getAttribute("data-index"), note = full.annotations[index];
      var text = group.querySelector(".annotation-text-g");
      if (!note || !text || isSourceLine(note) || note.visible === false || rect(text).width === 0) return;
      if (!clear(rect(text))) r.set("annotations[" + index + "].visible", false);
    });
    chart.querySelectorAll(".scatterlayer .trace").forEach(function (group) {
      var trace = group.__data__ && group.__data__[0] && group.__data__[0].trace, texts = null;
      if (!trace || !trace.mode || trace.mode.indexOf("text") < 0) return;
      group.querySelectorAll(".textpoint").forEach(function (point) {
        var box = rect(point.querySelector("text") || point);
        if (box.width === 0 || clear(box)) return;
        texts = texts || pointValues(trace, "text");
        texts[point.__data__.i] = "";
      });
      if (texts) hideLabels(r, trace, texts);
    });
  }

  // Point labels emptied; their text stays on hover.
  function hideLabels(r, trace, texts) {
    r.setTrace(trace.index, "text", texts);
    if (!trace.hovertext && (!trace.hovertemplate || trace.hovertemplate.indexOf("%{text}") >= 0)) {
      r.setTrace(trace.index, "hovertext", pointValues(trace, "text"));
    }
  }

  var FIXES = [fitTitle, fitNotes, fitLegend, fitAxisTitles, fitCategories, fitMenuFonts, fitPointLabels, fitBarValues];

  // One round of horizontal fixes. Returns {layout: {...}, traces: {index: {...}}} or null.
  function horizontalFixes(chart, authored) {
    var r = measure(chart, authored);
    FIXES.forEach(function (fix) { fix(r); });
    if (!r.changed) fitOverlaps(r);  // once every text has its place and its lines
    return r.changed ? { layout: r.layout, traces: r.traces } : null;
  }

  function pointValues(trace, attr) {
    var value = trace[attr], count = (trace.x || trace.y || []).length;
    var values = [];
    for (var i = 0; i < count; i++) values.push(Array.isArray(value) ? value[i] : value);
    return values;
  }

  // Make vertical room: the title above the menus and the plot, the source line below the legend,
  // and every text above the chart's bottom edge. The plot area keeps its height.
  function verticalFixes(chart) {
    var full = chart._fullLayout, frame = rect(chart.querySelector("svg.main-svg"));
    var plotTop = frame.top + full._size.t, layout = {};
    var top = 0, bottom = 0;

    var title = chart.querySelector(".g-gtitle");
    if (title && rect(title).height > 0) {
      var below = plotTop;
      chart.querySelectorAll(".updatemenu-header-group").forEach(function (group) {
        if (rect(group).height > 0) below = Math.min(below, rect(group).top);
      });
      top = Math.max(0, rect(title).bottom + 2 * GAP - below);
    }

    var legend = chart.querySelector(".legend"), source = sourceLine(chart);
    var legendShift = 0;
    if (legend && rect(legend).height > 0 && full.legend.y < 0) {
      // The legend below the plot starts under the x axis, its title and any slider.
      var axisBottom = 0;
      chart.querySelectorAll(".g-xtitle, .xtick text, .slider-group").forEach(function (el) {
        var box = rect(el);
        if (box.height > 0 && box.top < rect(legend).top + 1) axisBottom = Math.max(axisBottom, box.bottom);
      });
      legendShift = Math.max(0, axisBottom + GAP - rect(legend).top);
      if (legendShift > 0.5) layout["legend.y"] = full.legend.y - legendShift / full._size.h;
    }
    if (source) {
      // The source line comes last: under the axis, its title, any slider and the legend.
      var above = 0, sourceBox = rect(source.group);
      chart.querySelectorAll(".g-xtitle, .xtick text, .slider-group, .legend").forEach(function (el) {
        var box = rect(el), moved = el.classList.contains("legend") ? legendShift : 0;
        if (box.height > 0 && box.top < sourceBox.top) above = Math.max(above, box.bottom + moved);
      });
      var overlap = above + GAP - sourceBox.top;
      if (overlap > 0.5) {
        layout["annotations[" + source.index + "].yshift"] = (source.note.yshift || 0) - overlap;
        bottom = Math.max(bottom, sourceBox.bottom + overlap + GAP - frame.bottom);
      }
    }
    chart.querySelectorAll(".annotation-text-g, .legend, .slider-group, .g-xtitle").forEach(function (el) {
      var box = rect(el);
      if (box.height > 0) bottom = Math.max(bottom, box.bottom + GAP - frame.bottom);
    });
    if (legendShift > 0.5 && !source) bottom = Math.max(bottom, rect(legend).bottom + legendShift + GAP - frame.bottom);
    if (top < 1 && bottom < 1) return Object.keys(layout).length ? layout : null;
    top = Math.ceil(top);
    bottom = Math.ceil(Math.max(0, bottom));
    layout["margin.t"] = full.margin.t + top;
    layout["margin.b"] = full.margin.b + bottom;
    layout.height = full.height + top + bottom;
    return layout;
  }

  function sourceLine(chart) {
    var found = null;
    (chart._fullLayout.annotations || []).forEach(function (note, index) {
      if (isSourceLine(note)) {
        var group = chart.querySelector('.annotation[data-index="' + index + '"]');
        if (group) found = { note: note, index: index, group: group };
      }
    });
    return found;
  }

  function apply(chart, fixes) {
    var indices = Object.keys(fixes.traces || {}).map(Number);
    var data = {};
    indices.forEach(function (index, position) {
      Object.keys(fixes.traces[index]).forEach(function (attr) {
        data[attr] = data[attr] || indices.map(function () { return undefined; });
        data[attr][position] = fixes.traces[index][attr];
      });
    });
    if (fixes.layout.height) chart.style.height = fixes.layout.height + "px";
    return indices.length ? Plotly.update(chart, data, fixes.layout, indices) : Plotly.relayout(chart, fixes.layout);
  }

  function nextTask() {
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  function fit(chart, authored) {
    var round = 0;
    function next() {
      if (round++ >= ROUNDS) return Promise.resolve();
      var fixes = horizontalFixes(chart, authored);
      if (!fixes) {
        var room = verticalFixes(chart);
        fixes = room && { layout: room };
      }
      // Each round in a task of its own, so that a reader's tap is answered between two rounds.
      return fixes ? apply(chart, fixes).then(nextTask).then(next) : Promise.resolve();
    }
    return next();
  }

  // Before the first drawing, on a narrow chart: what is sure not to fit is fixed here, because
  // after drawing it is too late: Plotly widens the plot's margins to make room for a wide legend
  // or a wide row of buttons, and the plot shrinks to a sliver. The title, the legend's entries
  // and the source line are broken into lines for the width, the legend moves to the chart's left
  // edge (under the source line's start), and a row of buttons that does not fit becomes a
  // drop-down. The chart grows by the lines added; its plot area keeps its height.
  var NARROW = 600;
  var MENU_ROW = 38;  // px: a drop-down's height and the gap to the next

  // A layout value, or its template's (the course's fonts are set in its Plotly template).
  function setting(layout, path, fallback) {
    function find(node) {
      return path.split(".").reduce(function (value, key) { return value && value[key]; }, node);
    }
    var own = find(layout), template = layout.template && find(layout.template.layout);
    return own !== undefined ? own : template !== undefined ? template : fallback;
  }

  function prepare(figure, width) {
    var layout = figure.layout, data = figure.data;
    var family = setting(layout, "font.family", "sans-serif"), base = setting(layout, "font.size", 12);
    var margin = layout.margin = layout.margin || {};
    var left = margin.l === undefined ? setting(layout, "margin.l", 80) : margin.l;
    var right = margin.r === undefined ? setting(layout, "margin.r", 80) : margin.r;
    if (width < NARROW && left > width / 4) {
      // A margin made for long labels at desktop width would leave no plot: the labels are broken
      // into lines after drawing instead, and the margin grows to what they need.
      left = margin.l = Math.round(width / 5);
    }
    var plotWidth = width - left - right;
    var top = fitMenus(layout, plotWidth + 40, family, base), bottom = 0;
    if (width >= NARROW || plotWidth <= 0) {
      if (top) grow(layout, top, 0);
      return figure;
    }

    var title = layout.title;
    if (title && title.text) {
      var titleSize = setting(layout, "title.font.size", Math.round(base * 1.2));
      var wrappedTitle = wrap(title.text, width - 2 * 12, titleSize, family);
      top += (lineCount(wrappedTitle) - lineCount(title.text)) * Math.round(titleSize * 1.3);
      title.text = wrappedTitle;
    }

    var legend = layout.legend || {}, legendGrowth = 0;
    var below = layout.showlegend !== false && legend.orientation !== "h" && legend.y !== undefined && legend.y < 0;
    (layout.updatemenus || []).forEach(function (menu) {  // menus, too, start at the chart's left edge
      if (menu.xanchor === undefined || menu.xanchor === "left") menu.x = -(left - 12) / plotWidth;
    });
    if (below) {
      legend.x = -(left - 12) / plotWidth;
      var legendSize = setting(layout, "legend.font.size", base);
      data.forEach(function (trace) {
        if (!trace.name || trace.showlegend === false) return;
        var name = wrap(trace.name, width - 12 - 48, legendSize, family);
        legendGrowth += (lineCount(name) - lineCount(trace.name)) * Math.round(legendSize * 1.3);
        trace.name = name;
      });
      bottom += legendGrowth;
    }

    (layout.annotations || []).forEach(function (note) {
      if (!isSourceLine(note)) return;
      var size = (note.font && note.font.size) || base;
      var text = wrap(note.text.replace(/<br\s*\/?>/gi, " "), width - 2 * 12, size, family);
      bottom += (lineCount(text) - lineCount(note.text)) * 16;  // thaw.charts: 16 px a source line
      note.text = text;
      if (below) note.yshift = (note.yshift || 0) - legendGrowth;
    });

    grow(layout, top, bottom);
    return figure;
  }

  // Add room above and below the plot; the plot keeps its height.
  function grow(layout, top, bottom) {
    layout.margin = layout.margin || {};
    layout.margin.t = setting(layout, "margin.t", 100) + top;
    layout.margin.b = setting(layout, "margin.b", 80) + bottom;
    layout.height = setting(layout, "height", 450) + top + bottom;
  }

  function fitMenus(layout, room, family, base) {
    var menus = (layout.updatemenus || []).filter(function (menu) { return menu.visible !== false; });
    function labelWidth(button, menu) {
      var size = (menu.font && menu.font.size) || base;
      return Math.max(textWidth(decode(button.label || ""), size, family) + 24, 30);  // as Plotly draws it
    }
    function rowWidth(menu) {
      var widths = (menu.buttons || []).map(function (button) { return labelWidth(button, menu); });
      if (menu.type === "dropdown") return Math.max.apply(null, widths.concat([0])) + 16;
      return widths.reduce(function (a, b) { return a + b + 2; }, 0);
    }
    var total = menus.reduce(function (sum, menu) { return sum + rowWidth(menu) + 8; }, 0);
    if (total <= room) return 0;
    menus.forEach(function (menu) {
      if (menu.type !== "dropdown") {
        menu.type = "dropdown";
        menu.direction = "down";
      }
    });
    total = menus.reduce(function (sum, menu) { return sum + rowWidth(menu) + 16; }, 0);
    if (total <= room - 40 || menus.length < 2) return 0;
    // Side by side they still collide: one drop-down above the other, all at the left.
    var plotHeight = setting(layout, "height", 450) - setting(layout, "margin.t", 100) - setting(layout, "margin.b", 80);
    menus.forEach(function (menu, k) {
      menu.x = menu.xanchor === "left" || menu.xanchor === undefined ? menu.x || 0 : 0;
      menu.xanchor = "left";
      menu.y = (menu.y === undefined ? 1 : menu.y) + (menus.length - 1 - k) * MENU_ROW / plotHeight;
    });
    return (menus.length - 1) * MENU_ROW;
  }

  window.thawChartFit = fit;
  window.thawChartFit.prepare = prepare;
})();
